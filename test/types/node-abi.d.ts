// node-abi ships no types: the one function the native-ABI test uses.
declare module 'node-abi' {
  /** NODE_MODULE_VERSION of `runtime` (`node` | `electron`) at `target` version, as a string ("150"). */
  export function getAbi(target: string, runtime?: 'node' | 'electron' | 'node-webkit'): string;
}
