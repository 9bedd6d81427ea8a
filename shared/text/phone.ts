/**
 * A guest's mobile number is checked against its country calling code (area code) with
 * libphonenumber's rules, the same in the renderer (inline, before anything is sent) and in main
 * (every request), so "12345" never issues a card. The `min` metadata keeps the renderer bundle
 * small: it knows each country's number lengths and leading digits, which is what this check needs.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export const MOBILE_FOR_AREA_CODE = 'is not a valid mobile number for this area code';

/** The national number to send when `mobile` is a valid number under `+areaCode`, else undefined. */
export function nationalMobile(areaCode: string, mobile: string): string | undefined {
  if (!/^\d{1,4}$/.test(areaCode) || !/^\d{5,20}$/.test(mobile)) return undefined;
  const parsed = parsePhoneNumberFromString(`+${areaCode}${mobile}`);
  if (!parsed || parsed.countryCallingCode !== areaCode || !parsed.isValid()) return undefined;
  return parsed.nationalNumber;
}

export function isMobileFor(areaCode: string, mobile: string): boolean {
  return nationalMobile(areaCode, mobile) !== undefined;
}
