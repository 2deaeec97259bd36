import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** Workspace packages (@yuanan/sdk, @yuanan/contracts) are TypeScript sources: babel must compile them. */
const WORKSPACE_PACKAGES = path.resolve(__dirname, '..', '..', 'packages');

/**
 * The api base. H5 is served with /api proxied (same origin, relative). The weapp needs an absolute origin: in
 * production an https domain registered in the WeChat console; TARO_APP_API_BASE (origin only, e.g.
 * https://api.example.com) overrides the local default at build time.
 */
const API_ORIGIN = (process.env.TARO_APP_API_BASE ?? (process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:3000')).replace(
  /\/+$/,
  '',
);
const API_BASE = `${API_ORIGIN}/api/v1`;

/**
 * @tarojs/plugin-framework-react stays in miniapp/node_modules (npm cannot hoist it: its optional peer
 * @vitejs/plugin-react@^4 conflicts with the admin's v6), but the hoisted @tarojs/taro-h5 imports it: point
 * every import at the one copy there is.
 */
const FRAMEWORK_REACT = path.dirname(
  require.resolve('@tarojs/plugin-framework-react/package.json', { paths: [path.resolve(__dirname, '..')] }),
);

/**
 * chinese-days (public holidays, reached through @yuanan/contracts → @yuanan/domain's duty rotations) declares
 * "type": "commonjs" but points "module" at an ES module, which webpack then refuses to parse: use its CommonJS build.
 */
const CHINESE_DAYS = require.resolve('chinese-days', { paths: [path.resolve(__dirname, '..')] });

type Chain = { resolve: { alias: { set(key: string, value: string): unknown } } };
function webpackChain(chain: Chain): void {
  chain.resolve.alias.set('@tarojs/plugin-framework-react', FRAMEWORK_REACT);
  chain.resolve.alias.set('chinese-days$', CHINESE_DAYS);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'yuanan-miniapp',
    date: '2026-11-24',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      __API_BASE__: JSON.stringify(API_BASE),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: {
      enable: process.env.TARO_CACHE !== 'false',
      // inside miniapp/ and ignored by git (root .gitignore: miniapp/.taro-cache/)
      cacheDirectory: path.resolve(__dirname, '..', '.taro-cache'),
      // a change to any build setting invalidates the cache (Taro's default lists only config/index and app.config)
      buildDependencies: {
        config: ['index.ts', 'dev.ts', 'prod.ts']
          .map((f) => path.resolve(__dirname, f))
          .concat(path.resolve(__dirname, '..', 'babel.config.js')),
        files: [path.resolve(__dirname, '..', 'src', 'app.config.ts')],
      },
    } as { enable: boolean },
    mini: {
      compile: { include: [WORKSPACE_PACKAGES] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      optimizeMainPackage: { enable: true },
      webpackChain,
    },
    h5: {
      compile: { include: [WORKSPACE_PACKAGES] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      webpackChain,
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
