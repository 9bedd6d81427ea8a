export const STATION_VERSION = '0.1.0';
