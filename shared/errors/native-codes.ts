import type { ErrorEntry } from './types';

/** A native module (SQLite, serial ports, HID) that could not be loaded: which one, and the command that fixes it. */
export const NATIVE_MODULE_ERRORS = [
  {
    code: 'station.native-module-abi',
    category: 'internal',
    en: 'The native module {module} was built for another runtime (NODE_MODULE_VERSION {found}; {runtime} needs {needed}). Run this in the Card Station folder: {fix}',
    zh: '原生模块 {module} 是为其他运行环境编译的（NODE_MODULE_VERSION {found}；{runtime} 需要 {needed}）。请在 Card Station 文件夹中运行：{fix}',
    actionEn: 'Run the command shown, then start Card Station again. An installed copy: reinstall Card Station.',
    actionZh: '请运行所示命令，然后重新启动 Card Station。如为安装版，请重新安装 Card Station。',
  },
  {
    code: 'station.native-module-missing',
    category: 'internal',
    en: 'The native module {module} has no binary for this computer ({missing} is not installed). Run this in the Card Station folder: {fix}',
    zh: '原生模块 {module} 没有适用于本机的二进制文件（未安装 {missing}）。请在 Card Station 文件夹中运行：{fix}',
    actionEn: 'Run the command shown (npm installs the binary for this computer), then start Card Station again.',
    actionZh: '请运行所示命令（npm 会安装适用于本机的二进制文件），然后重新启动 Card Station。',
  },
  {
    code: 'station.native-module-library',
    category: 'check-configuration',
    en: 'Card Station cannot use the native module {module}: this computer lacks the system library {library}. Install it: {fix}',
    zh: 'Card Station 无法使用原生模块 {module}：本机缺少系统库 {library}。请安装：{fix}',
    actionEn: 'Install the library with the command shown (ask IT if you cannot), then start Card Station again.',
    actionZh: '请用所示命令安装该库（如无权限请联系 IT），然后重新启动 Card Station。',
  },
  {
    code: 'station.native-module',
    category: 'internal',
    en: 'Card Station cannot load the native module {module}: {detail}. Run this in the Card Station folder: {fix}',
    zh: 'Card Station 无法加载原生模块 {module}：{detail}。请在 Card Station 文件夹中运行：{fix}',
    actionEn: 'Run the command shown, then start Card Station again. If it still fails, send this message to IT.',
    actionZh: '请运行所示命令，然后重新启动 Card Station。如仍失败，请将此信息发送给 IT。',
  },
  {
    code: 'station.native-module-installed',
    category: 'internal',
    en: 'Card Station cannot load its native module {module} ({detail}): this installation is incomplete or damaged.',
    zh: 'Card Station 无法加载其原生模块 {module}（{detail}）：此安装不完整或已损坏。',
    actionEn: 'Reinstall Card Station with the installer made for this computer (Windows x64, macOS or Linux). Your data folder is kept.',
    actionZh: '请使用适用于本机的安装程序（Windows x64、macOS 或 Linux）重新安装 Card Station。数据文件夹会保留。',
  },
] as const satisfies readonly ErrorEntry[];
