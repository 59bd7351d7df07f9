export { gateway, defaultDashboardDir } from './service.ts';
export { gatewaySettings } from './config.ts';
export { gatewayApp } from './app.ts';
export { routingTable } from './upstreams.ts';
export type { GatewayDeps, GatewaySettings } from './deps.ts';
export type { UserTokenSource } from './user-tokens.ts';
