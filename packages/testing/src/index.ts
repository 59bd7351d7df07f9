export { waitFor } from './wait-for.ts';
export { tcpProxy, type TcpProxy } from './tcp-proxy.ts';
export { httpRecorder, type HttpRecorder } from './http-recorder.ts';
export { spawnService, type ServiceProcess } from './service-process.ts';
