// The yaml package is CommonJS. Imported lazily it looks different under Node's own loader (named exports) and
// inside the esbuild bundle (only `default`), so every lazy use goes through this.
type YamlApi = typeof import('yaml');

export async function loadYaml(): Promise<YamlApi> {
  const mod: YamlApi & { readonly default?: YamlApi } = await import('yaml');
  return typeof mod.parse === 'function' ? mod : (mod.default ?? mod);
}
