/**
 * GraphiQL's plugin type, taken from the props of the GraphiQL component we depend on rather
 * than from @graphiql/react, which is only GraphiQL's own dependency.
 */
import type { GraphiQLProps } from 'graphiql';

export type GraphiQLPlugin = NonNullable<GraphiQLProps['plugins']>[number];
