/**
 * HID keyboard readers on Windows type the card number and press Enter. Until the encoder area's
 * pure burst detector (renderer/src/encoder/keyboardWedge.ts) lands, this hook is a no-op.
 */
export function useKeyboardWedge(_onSerial: (serialNum: string) => void): void {}
