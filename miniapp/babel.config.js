// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // The workspace sdk uses private methods (#save); the preset's class-properties transform needs their
        // transform beside it.
        include: ['transform-private-methods'],
        // No react-refresh, even when NODE_ENV is not 'production': an H5 build made with NODE_ENV=development
        // (a watch build, or NODE_ENV left in the environment) otherwise ships $RefreshReg$ calls and is blank.
        hot: false,
      },
    ],
  ],
};
