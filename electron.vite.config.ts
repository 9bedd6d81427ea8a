import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const here = __dirname;

/**
 * Native modules are never bundled: they load their binary at run time, which electron-builder
 * unpacks from asar. All are N-API (test/native/native-abi.test.ts), so the same binary loads
 * in Node and in Electron without a rebuild.
 */
const NATIVE = ['serialport', '@serialport/bindings-cpp', 'node-hid', 'libsql'];

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out/main'),
      externalizeDeps: { include: NATIVE },
      rollupOptions: { input: { index: resolve(here, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(here, 'out/preload'),
      // A sandboxed preload can only require('electron'): everything else (zod via the contract) is bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(here, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(here, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: { index: resolve(here, 'renderer/index.html') } },
    },
  },
});
