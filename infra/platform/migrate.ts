import { loadConfig } from '../config/config';
import { preparePlatform } from './prepare';

preparePlatform(loadConfig(), (line) => console.log(line)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
