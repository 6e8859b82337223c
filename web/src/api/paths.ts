export type { paths } from './schema';
