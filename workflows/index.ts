export { platformProbe } from './platformProbe';
