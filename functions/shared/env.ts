/**
 * Configuration comes from environment variables, read once when the module loads; a missing one
 * fails the cold start with its name rather than a request later. infra/ sets each variable
 * together with the grant it goes with.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
