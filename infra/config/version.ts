import { version } from '../../package.json';

export const PLATFORM_VERSION: string = version;
