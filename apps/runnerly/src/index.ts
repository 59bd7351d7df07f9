export { startEmbedded, type EmbeddedSystem, type EmbeddedOptions } from './embedded.ts';
export { services, findService } from './registry.ts';
