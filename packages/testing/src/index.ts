export { waitFor } from './wait-for.ts';
export { tcpProxy, type TcpProxy } from './tcp-proxy.ts';
