/**
 * WeChat downloads the subpackages named in app.config's preloadRule when a page is shown, so they open without
 * a network later. The H5 build loads pages as webpack chunks on first use: this does the same there — the
 * pages of the current subpackage and of the packages its preloadRule names are fetched once, in the background.
 */
interface H5Route {
  path: string;
  load: () => [Promise<unknown>, ...unknown[]];
}
interface H5AppConfig {
  routes?: H5Route[];
  subPackages?: Array<{ root: string; name?: string; pages: string[] }>;
  preloadRule?: Record<string, { packages: string[] }>;
}

const done = new Set<string>();

export function preloadPackagesOf(pagePath: string): void {
  if (process.env.TARO_ENV !== 'h5') return;
  const config = (window as unknown as { __taroAppConfig?: H5AppConfig }).__taroAppConfig;
  if (!config?.routes || !config.subPackages) return;
  const path = pagePath.replace(/^\//, '').split('?')[0]!;
  const own = config.subPackages.find((p) => path.startsWith(`${p.root}/`));
  const names = new Set([...(own ? [own.name ?? own.root] : []), ...(config.preloadRule?.[path]?.packages ?? [])]);
  const routes = config.routes;
  const run = () => {
    for (const p of config.subPackages!) {
      const name = p.name ?? p.root;
      if (!names.has(name) && !names.has(p.root)) continue;
      if (done.has(name)) continue;
      done.add(name);
      for (const page of p.pages) {
        const r = routes.find((x) => x.path === `${p.root}/${page}`);
        try {
          r?.load()[0]?.catch?.(() => done.delete(name));
        } catch {
          done.delete(name);
        }
      }
    }
  };
  setTimeout(run, 1500); // after the page itself has loaded
}
