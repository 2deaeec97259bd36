/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';

/** The api base, set at build time in config/index.ts (relative /api/v1 for H5, absolute for the weapp). */
declare const __API_BASE__: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'h5';
    TARO_APP_ID?: string;
    TARO_APP_API_BASE?: string;
  }
}
