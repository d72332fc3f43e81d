// Runs once inside each fresh node:vm context, before any resolver code, and shapes the
// context's built-ins into the APPSYNC_JS surface
// (https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html):
//   - only the documented globals remain (plus Boolean, used as a filter predicate);
//   - methods AWS's own linter (@aws-appsync/eslint-plugin, no-disallowed-methods) marks as
//     "not implemented" are removed, as are Function.prototype.apply/bind/call;
//   - JSON.parse returns "" for invalid JSON, and replace/replaceAll read a string pattern as
//     a (Java-style) regular expression, as the docs say;
//   - every reachable built-in is frozen, so no evaluation can leave state behind for the next.
// It is plain JavaScript evaluated as a script; its completion value is the function below,
// which the host calls with its capabilities and which returns the realm's internal helpers.
(function bootstrap(host) {
  'use strict';
  const g = globalThis;
  const { apply, ownKeys } = Reflect;
  const { defineProperty, getOwnPropertyNames, getOwnPropertyDescriptor, getPrototypeOf, freeze, isFrozen, create } = Object;
  const ObjectPrototype = Object.prototype;
  const objectKeys = Object.keys;
  const nativeParse = JSON.parse;
  const nativeStringify = JSON.stringify;
  const NativeRegExp = RegExp;
  const regExpExec = RegExp.prototype.exec;
  const nativeReplace = String.prototype.replace;
  const nativeReplaceAll = String.prototype.replaceAll;
  const iteratorSymbol = Symbol.iterator;
  const arrayIteratorPrototype = getPrototypeOf([][iteratorSymbol]());
  const stringIteratorPrototype = getPrototypeOf(''[iteratorSymbol]());

  // --- Documented behaviour of built-ins -------------------------------------------------
  JSON.parse = function parse(text) {
    // "Returns a blank string if the parsed string is not valid JSON."
    try {
      return nativeParse(text);
    } catch {
      return '';
    }
  };

  // "Regular expressions are not supported. However, Java-styled regular expression constructs
  // are supported in the provided parameter." A string pattern is compiled as a regular
  // expression; replace changes the first match, replaceAll every match.
  const compilePattern = (pattern, global) => {
    const translated = host.translatePattern(String(pattern));
    return new NativeRegExp(translated.source, (global ? 'g' : '') + translated.flags);
  };
  String.prototype.replace = function replace(pattern, replacement) {
    if (typeof replacement === 'function') throw new TypeError('Functions can not be passed as an argument');
    return apply(nativeReplace, this, [compilePattern(pattern, false), String(replacement)]);
  };
  String.prototype.replaceAll = function replaceAll(pattern, replacement) {
    if (typeof replacement === 'function') throw new TypeError('Functions can not be passed as an argument');
    return apply(nativeReplaceAll, this, [compilePattern(pattern, true), String(replacement)]);
  };

  // Loaded code calls `step` at every function entry and loop iteration (module-factory.ts adds
  // the calls), so a handler that runs too long is stopped at its next step. Steps are counted
  // here and reported to the host in batches, keeping the cost of a step to a few nanoseconds.
  const STEP_BATCH = 1024;
  let steps = 0;
  const step = () => {
    steps += 1;
    if (steps === STEP_BATCH) {
      steps = 0;
      host.tick(STEP_BATCH);
    }
  };

  // --- Remove what APPSYNC_JS does not have -----------------------------------------------
  const deny = {
    Array: ['from', 'of'],
    'Array.prototype': ['copyWithin', 'entries', 'group', 'groupToMap', 'keys', 'toLocaleString', 'values'],
    Object: [
      'create',
      'defineProperties',
      'defineProperty',
      'freeze',
      'getOwnPropertyDescriptor',
      'getOwnPropertyDescriptors',
      'getOwnPropertyNames',
      'getOwnPropertySymbols',
      'getPrototypeOf',
      'is',
      'isExtensible',
      'isFrozen',
      'isSealed',
      'preventExtensions',
      'seal',
      'setPrototypeOf',
    ],
    String: ['fromCharCode', 'fromCodePoint'],
    // Array.prototype.toString stays: implicit conversions (`${list}`) rely on it.
    'String.prototype': ['charCodeAt', 'localeCompare', 'matchAll', 'padEnd', 'padStart', 'repeat', 'search', 'toLocaleLowerCase', 'toLocaleUpperCase'],
    'Function.prototype': ['apply', 'bind', 'call'],
  };
  const owners = {
    Array,
    'Array.prototype': Array.prototype,
    Object,
    String,
    'String.prototype': String.prototype,
    'Function.prototype': getPrototypeOf(function () {}),
  };
  for (const [owner, names] of Object.entries(deny)) {
    for (const name of names) delete owners[owner][name];
  }

  const keep = new Set(['Object', 'Array', 'String', 'Number', 'Boolean', 'Math', 'JSON', 'NaN', 'Infinity', 'undefined']);
  for (const name of getOwnPropertyNames(g)) {
    if (!keep.has(name)) delete g[name];
  }

  // --- Helpers the host uses to build realm values ----------------------------------------
  /** Host data (JSON-compatible) to a value of this realm, so code sees only this realm's prototypes. */
  const fromHost = (value) => {
    if (value === null || typeof value !== 'object') return value;
    return nativeParse(host.stringify(value));
  };
  /**
   * Code's values reach host functions only as JSON copies, never as objects: a host function
   * calling a method of a code-made object (an array whose prototype code replaced, say) would
   * hand code a host function, and through its constructor the host's globals.
   */
  const toHostArgument = (value) => (value !== null && typeof value === 'object' ? host.parse(nativeStringify(value)) : value);
  /** Wraps a host function so code sees a function of this realm; arguments go out as copies, object results come in as copies. */
  const wrap = (fn, name, passValuesThrough) => {
    const wrapped = {
      [name](...args) {
        const result = apply(fn, undefined, passValuesThrough ? args : args.map(toHostArgument));
        return result !== null && typeof result === 'object' ? nativeParse(host.stringify(result)) : result;
      },
    }[name];
    return freeze(wrapped);
  };
  /**
   * Builds a frozen namespace object of wrapped host functions and nested namespaces. Functions
   * named in `passThrough` receive code's values as they are: they only hold them (earlyReturn).
   */
  const namespace = (spec, passThrough = []) => {
    const target = create(ObjectPrototype);
    for (const key of objectKeys(spec)) {
      const value = spec[key];
      if (typeof value === 'function') target[key] = wrap(value, key, passThrough.includes(key));
      else if (value !== null && typeof value === 'object') target[key] = namespace(value);
      else target[key] = value;
    }
    return freeze(target);
  };
  /**
   * console.log/console.error. AppSync prints strings JSON-quoted and values as JSON, joined by
   * spaces; a value JSON cannot write (a cycle) is printed as text rather than failing the handler.
   */
  const makeConsole = (log) => {
    const format = (value) => {
      if (value === undefined) return 'undefined';
      try {
        const text = nativeStringify(value);
        return text === undefined ? String(value) : text;
      } catch {
        return '[unserializable]';
      }
    };
    const print =
      (level) =>
      (...args) =>
        log(level, args.map(format).join(' '));
    const target = create(ObjectPrototype);
    target.log = freeze(print('INFO'));
    target.error = freeze(print('ERROR'));
    return freeze(target);
  };
  /** ctx.prev: `{ result }`. */
  const makePrev = (result) => {
    const prev = create(ObjectPrototype);
    prev.result = result;
    return prev;
  };
  /** A context object: base properties cannot be replaced, as in AppSync. */
  const makeContext = (fields, hidden) => {
    const ctx = create(ObjectPrototype);
    for (const key of objectKeys(fields)) {
      defineProperty(ctx, key, { value: fields[key], enumerable: true, writable: false, configurable: false });
    }
    for (const key of objectKeys(hidden)) {
      defineProperty(ctx, key, { value: hidden[key], enumerable: false, writable: false, configurable: false });
    }
    return ctx;
  };
  /** ctx.info: selectionSetList and selectionSetGraphQL are readable but left out of JSON.stringify, as in AppSync. */
  const makeInfo = (info) => {
    const out = create(ObjectPrototype);
    out.fieldName = info.fieldName;
    out.parentTypeName = info.parentTypeName;
    out.variables = fromHost(info.variables);
    defineProperty(out, 'selectionSetList', { value: fromHost(info.selectionSetList), enumerable: false });
    defineProperty(out, 'selectionSetGraphQL', { value: info.selectionSetGraphQL, enumerable: false });
    return out;
  };
  const stringify = (value) => nativeStringify(value);
  /** A frozen object of this realm holding the given values (module namespaces, import tables). */
  const record = (values) => {
    const out = create(null);
    for (const key of objectKeys(values)) out[key] = values[key];
    return freeze(out);
  };
  /** Assigns a realm global (util, extensions, runtime, console), fixed for good. */
  const defineGlobal = (name, value) => {
    defineProperty(g, name, { value, enumerable: false, writable: false, configurable: false });
  };

  // --- Freeze every reachable built-in --------------------------------------------------
  // No `__proto__` accessor: code cannot swap an object's prototype after it is made.
  delete ObjectPrototype.__proto__;
  // Data objects inherit from Object.prototype; once it is frozen, assigning e.g. item.toString
  // would throw (the "override mistake"). Its data properties become accessors whose setter
  // defines an own property instead, so code can still use such keys on its own objects.
  for (const name of getOwnPropertyNames(Object.prototype)) {
    const desc = getOwnPropertyDescriptor(Object.prototype, name);
    if (!desc || !('value' in desc)) continue;
    const value = desc.value;
    defineProperty(Object.prototype, name, {
      get() {
        return value;
      },
      set(v) {
        if (this === Object.prototype) throw new TypeError(`Cannot assign to read only property '${name}' of Object.prototype`);
        defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  }
  const deepFreeze = (root) => {
    const stack = [root];
    while (stack.length > 0) {
      const value = stack.pop();
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null || isFrozen(value)) continue;
      freeze(value);
      stack.push(getPrototypeOf(value));
      for (const key of ownKeys(value)) {
        const desc = getOwnPropertyDescriptor(value, key);
        if (desc && 'value' in desc) stack.push(desc.value);
        else if (desc) stack.push(desc.get, desc.set);
      }
    }
  };
  for (const name of keep) {
    const value = g[name];
    deepFreeze(value);
    // The value must be restated: node:vm copies a descriptor without one as `undefined`.
    defineProperty(g, name, { value, writable: false, configurable: false });
  }
  deepFreeze(arrayIteratorPrototype);
  deepFreeze(step);
  deepFreeze(getPrototypeOf(function () {}));
  deepFreeze(stringIteratorPrototype);
  deepFreeze(getPrototypeOf(new NativeRegExp('a')));
  deepFreeze(regExpExec);

  return freeze({ fromHost, namespace, record, makeContext, makeInfo, makePrev, makeConsole, stringify, defineGlobal, step });
});
