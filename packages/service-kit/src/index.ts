export { loadConfig, baseConfig, clientConfig, ConfigError, type Env } from './config.ts';
export { AppError, badRequest, unauthorized, forbidden, notFound, conflict, errorHandler } from './errors.ts';
export { createService, serviceLogger, type ServiceApp, type ServiceOptions } from './create-service.ts';
export {
  runMain,
  listen,
  type ServiceModule,
  type StartOptions,
  type RunningService,
  type ClientSpec,
  type Credentials,
} from './run-service.ts';
export {
  defineService,
  type ServiceDefinition,
  type ServiceContext,
  type ServiceParts,
  type Subscription,
  type Listening,
  type JobConsumer,
  type Worker,
} from './define-service.ts';
export {
  createVerifier,
  authHook,
  assertUser,
  ownsOrService,
  type AuthContext,
  type Verifier,
  type VerifierOptions,
} from './auth.ts';
export { clientCredentialsProvider, type TokenProvider, type ClientCredentials } from './token-provider.ts';
export {
  ServiceClient,
  upstreamUrls,
  type ServiceClientOptions,
  type ServiceResponse,
  type CallOptions,
} from './http-client.ts';
export { currentRequestId, requestContext } from './request-context.ts';
export { profileZones } from './profile-zone.ts';
export { connectBus, openServiceDatabase, startRelay } from './infrastructure.ts';
export type { ReadinessCheck } from './health.ts';
export {
  startTogether,
  clientSpecs,
  clientRegistry,
  type ServiceEntry,
  type TogetherOptions,
  type RunningSystem,
} from './compose/start-together.ts';
export { planUrls } from './compose/ports.ts';
export { serviceEnv, envPrefix } from './compose/service-env.ts';
export { logFormat, type LogFormat } from './console-log.ts';
export { compressedForms, type CompressedForms, type CompressedFormsOptions } from './compressed-forms.ts';
export { secretBox, loadKey, type SecretBox, type KeySource } from './secrets.ts';
export { workerModule } from './worker-module.ts';
export { startTracing, traceBus, spanner, type Spanner, type Tracing } from './tracing.ts';
