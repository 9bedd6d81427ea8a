import { describe, expect, it } from 'vitest';
import { ENCODER_ERRORS } from '../../shared/errors/encoder-codes';
import { describeError, stationError } from '../../shared/errors';
import { hidPortInfo, serialPortInfo } from '../../electron/services/encoder/discovery';
import { formatSerial, normaliseIssueMac } from '../../electron/services/encoder/serial-format';
import { fromHex } from '../../electron/services/encoder/bytes';
import { serialOpenFailure } from '../../electron/services/encoder/transports/serial';

describe('serialNum formats', () => {
  const uid = fromHex('04A22B1C');
  it.each([
    ['hex', '04A22B1C'],
    ['hex-reversed', '1C2BA204'],
    ['dec', '0077736732'],
    ['dec-reversed', '0472621572'],
  ] as const)('%s', (format, expected) => {
    expect(formatSerial(uid, format)).toBe(expected);
  });

  it('keeps 7-byte decimals at their full width', () => {
    expect(formatSerial(fromHex('00000000000001'), 'dec')).toBe('00000000000000001');
    expect(formatSerial(fromHex('04112233445566'), 'hex-reversed')).toBe('66554433221104');
  });

  it('validates and normalises the issueMac', () => {
    expect(normaliseIssueMac('7c:77:8a:6c:7d:9c')).toBe('7C778A6C7D9C');
    expect(normaliseIssueMac('7C778A6C7D9')).toBeUndefined();
  });
});

describe('discovery marks likely encoders', () => {
  it.each([
    ['1a86', '7523', 'CH340'],
    ['10c4', 'ea60', 'CP210x'],
    ['0403', '6001', 'FTDI'],
    ['0403', '6015', 'FTDI'],
    ['067b', '2303', 'PL2303'],
  ])('%s:%s is a %s bridge', (vendorId, productId, name) => {
    expect(serialPortInfo({ path: '/dev/ttyUSB0', vendorId: vendorId.toUpperCase(), productId }).likelyEncoder).toContain(name);
  });

  it('does not mark an unknown serial port', () => {
    expect(serialPortInfo({ path: '/dev/ttyS0' }).likelyEncoder).toBeUndefined();
  });

  it('lists keyboards and known readers among HID devices, not mice', () => {
    expect(hidPortInfo({ path: '/dev/hidraw1', vendorId: 0xffff, productId: 0x0035 })?.likelyEncoder).toBeTruthy();
    expect(hidPortInfo({ path: '/dev/hidraw2', vendorId: 0x1234, productId: 1, product: 'RFID Reader' })?.likelyEncoder).toBeTruthy();
    const keyboard = hidPortInfo({ path: '/dev/hidraw3', vendorId: 0x046d, productId: 0xc31c, usagePage: 1, usage: 6 });
    expect(keyboard).toMatchObject({ kind: 'hid', vendorId: '046d', productId: 'c31c' });
    expect(keyboard?.likelyEncoder).toBeUndefined();
    expect(hidPortInfo({ path: '/dev/hidraw4', vendorId: 0x046d, productId: 0xc077, usagePage: 1, usage: 2 })).toBeUndefined();
  });
});

describe('encoder error messages', () => {
  it('every encoder error has English and Chinese text and advice', () => {
    expect(ENCODER_ERRORS.length).toBeGreaterThan(10);
    for (const e of ENCODER_ERRORS) {
      expect(e.code).toMatch(/^encoder\.[a-z-]+$/);
      for (const text of [e.en, e.zh, e.actionEn, e.actionZh]) expect(text.length).toBeGreaterThan(5);
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('maps open errors to missing, denied, busy or other', () => {
    const enoent = Object.assign(new Error('Error: No such file or directory, cannot open /dev/ttyUSB9'), { code: 'ENOENT' });
    expect(serialOpenFailure('/dev/ttyUSB9', enoent).error.code).toBe('encoder.port-missing');
    expect(serialOpenFailure('COM7', new Error('Opening COM7: Access denied')).error.code).toBe('encoder.port-denied');
    expect(serialOpenFailure('/dev/ttyUSB0', new Error('Error Resource temporarily unavailable Cannot lock port')).error.code).toBe(
      'encoder.port-busy',
    );
    expect(serialOpenFailure('/dev/ttyUSB0', new Error('weird')).error).toMatchObject({
      code: 'encoder.open-failed',
      params: { detail: 'weird' },
    });
  });

  it('says which port and baud rate did not answer, in both languages', () => {
    const e = stationError('encoder.no-answer', { port: '/dev/ttyUSB0', baud: 115200 });
    expect(e.message).toBe('No PN532 answered on /dev/ttyUSB0 at 115200 baud.');
    expect(describeError(e, 'zh-CN').text).toBe('/dev/ttyUSB0（115200 波特）上没有 PN532 应答。');
  });
});
