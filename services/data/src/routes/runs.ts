import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  BatchResult,
  DetachResult,
  RunDetach,
  ErrorBody,
  commonErrorResponses,
  Month,
  MonthRuns,
  Run,
  RunBatch,
  RunDetails,
  RunList,
  RunPatch,
  RunStreams,
  TimeZone,
  UserId,
  Uuid,
  scopes,
} from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import { dataErrors } from '../errors.ts';
import { visibleRun } from './visible-run.ts';
import { ownsGear } from '../gear.ts';
import type { DataDeps } from '../deps.ts';
import { answeredFromVersion } from '../revalidate.ts';
import {
  addRuns,
  attachDetails,
  deleteRun,
  deletedUsers,
  detachSource,
  findRun,
  findStreams,
  lastRuns,
  replaceStreams,
  runOwner,
  runsBetween,
  updateRun,
} from '../store.ts';
import { checkBatch, totalsOf } from '../domain/runs.ts';
import { isValidTimeZone, monthRange } from '@runnerly/calendar';

export function runRoutes(deps: DataDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/runs/batch',
      {
        config: { scopes: [scopes.runsWrite] },
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          summary: 'Add runs (idempotent, deduplicated across sources)',
          tags: ['runs'],
          description:
            'Stores each run once. Sending the same runs again adds nothing; the same activity from another source (same Strava activity id or device id, or a start within 2 minutes and a distance within 3%) is merged into the stored run, keeping the richer data. Says how many were new. A user token may only add its own runs; a run may not start more than a day after now. All or nothing: one invalid run rejects the batch.',
          body: RunBatch,
          response: { 200: BatchResult, ...commonErrorResponses, 410: ErrorBody, 413: ErrorBody },
        },
      },
      async (request) => {
        const problems = checkBatch(request.body.runs, request.auth!.userId, deps.now?.() ?? new Date());
        if (problems.some((p) => p.endsWith('belongs to another user'))) throw dataErrors.notYourRuns();
        if (problems.length) throw dataErrors.invalidRun(problems);
        const gone = await deletedUsers(
          deps.db,
          request.body.runs.map((r) => r.user_id),
        );
        if (gone.length) throw dataErrors.userDeleted(gone[0]!);
        const result = await addRuns(deps.db, deps.dialect, request.body.runs);
        return result;
      },
    );

    app.post(
      '/runs/detach',
      {
        config: { scopes: [scopes.runsWrite] },
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          summary: "Remove a source from a user's runs (unlink, a delete at the source)",
          tags: ['runs'],
          description:
            'In one call and one transaction: each run backed by this source (all of them, or the ids given) loses it; a run another source still backs (a file, say) is kept with its data, a run left without any source is deleted.',
          body: RunDetach,
          response: { 200: DetachResult, ...commonErrorResponses },
        },
      },
      async (request) => {
        assertUser(request.auth, request.body.user_id);
        const { user_id, source, source_ids } = request.body;
        const result = await detachSource(deps.db, user_id, source, source_ids);
        return result;
      },
    );

    app.get(
      '/users/:userId/runs',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "A user's last runs, newest first",
          tags: ['runs'],
          params: Type.Object({ userId: UserId }),
          querystring: Type.Object(
            {
              limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
              before: Type.Optional(
                Type.String({
                  format: 'date-time',
                  description: 'Only runs that started before this instant (paging)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: RunList, ...commonErrorResponses },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        if (await answeredFromVersion(deps, request, reply, request.params.userId)) return reply;
        const { limit, before } = request.query;
        const runs = await lastRuns(deps.db, request.params.userId, limit, before && new Date(before).toISOString());
        return { runs, next_before: runs.length === limit ? runs[runs.length - 1]!.start_time : null };
      },
    );

    app.get(
      '/users/:userId/months/:month/runs',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "A user's runs in one calendar month of their time zone",
          tags: ['runs'],
          params: Type.Object({ userId: UserId, month: Month }),
          querystring: Type.Object({ tz: Type.Optional(TimeZone) }, { additionalProperties: false }),
          response: { 200: MonthRuns, ...commonErrorResponses },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        const tz = request.query.tz ?? 'UTC';
        if (!isValidTimeZone(tz)) throw dataErrors.invalidTimeZone(tz);
        if (await answeredFromVersion(deps, request, reply, request.params.userId)) return reply;
        const { from, to } = monthRange(request.params.month, tz);
        const runs = await runsBetween(deps.db, request.params.userId, from, to);
        return { month: request.params.month, timezone: tz, from, to, runs, totals: totalsOf(runs) };
      },
    );

    app.get(
      '/runs/:runId',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: 'One run',
          tags: ['runs'],
          params: Type.Object({ runId: Uuid }),
          response: { 200: Run, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const owner = visibleRun(request.auth, await runOwner(deps.db, request.params.runId));
        // A run (its sources among it) changes only with the runner's runs: tagged and kept by version.
        if (await answeredFromVersion(deps, request, reply, owner.user_id)) return reply;
        const run = await findRun(deps.db, owner.id);
        if (!run) throw dataErrors.runNotFound();
        return run;
      },
    );

    app.patch(
      '/runs/:runId',
      {
        config: { scopes: [scopes.runsWrite] },
        schema: {
          summary: 'Edit a run: name, sport, kind of session, description, shoes',
          description:
            "Changes only the fields given. `gear_id` must name the runner's own shoes (404 otherwise), null for none; their distance follows at once.",
          tags: ['runs'],
          params: Type.Object({ runId: Uuid }),
          body: RunPatch,
          response: { 200: Run, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        const run = visibleRun(request.auth, await findRun(deps.db, request.params.runId));
        const patch = { ...request.body, ...(request.body.name !== undefined && { name: request.body.name.trim() }) };
        if (patch.name === '') throw dataErrors.invalidRunEdit('The name cannot be blank.');
        if (patch.gear_id && !(await ownsGear(deps.db, run.user_id, patch.gear_id))) throw dataErrors.gearNotFound();
        await updateRun(deps.db, run.id, patch);
        return (await findRun(deps.db, run.id))!;
      },
    );

    app.get(
      '/runs/:runId/streams',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "A run's per-sample series (time, distance, position, altitude, heart rate, cadence)",
          tags: ['runs'],
          params: Type.Object({ runId: Uuid }),
          response: { 200: RunStreams, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const run = visibleRun(request.auth, await runOwner(deps.db, request.params.runId));
        // The samples change only with the runner's runs and streams: tagged and kept by version.
        if (await answeredFromVersion(deps, request, reply, run.user_id)) return reply;
        const streams = await findStreams(deps.db, run.id);
        if (!streams) throw dataErrors.noStreams();
        return streams;
      },
    );

    app.put(
      '/runs/:runId/streams',
      {
        config: { scopes: [scopes.runsWrite] },
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          summary: "Attach or replace a run's per-sample series",
          description:
            'A run stored without best efforts (a Strava summary) takes them from the samples (time and distance), over the standard distances.',
          tags: ['runs'],
          params: Type.Object({ runId: Uuid }),
          body: RunStreams,
          response: { 204: Type.Null(), ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const run = visibleRun(request.auth, await findRun(deps.db, request.params.runId));
        const s = request.body;
        const uneven = (['distance', 'latlng', 'altitude', 'heartrate', 'cadence'] as const).filter(
          (k) => s[k] && s[k]!.length !== s.time.length,
        );
        if (uneven.length) throw dataErrors.unevenStreams(uneven);
        if (!(await replaceStreams(deps.db, deps.dialect, run.id, s))) throw dataErrors.runNotFound();
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/runs/:runId/details',
      {
        config: { scopes: [scopes.runsWrite] },
        bodyLimit: 4 * 1024 * 1024,
        schema: {
          summary: "Set what a source's detailed activity tells of a run",
          description:
            "Calories, laps, splits and best efforts (Strava's detailed activity) replace what the run had; a description is set only when the run has none (the runner's stays).",
          tags: ['runs'],
          params: Type.Object({ runId: Uuid }),
          body: RunDetails,
          response: { 204: Type.Null(), ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const run = visibleRun(request.auth, await findRun(deps.db, request.params.runId));
        if (!(await attachDetails(deps.db, deps.dialect, run.id, request.body))) throw dataErrors.runNotFound();
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/runs/:runId',
      {
        config: { scopes: [scopes.runsWrite] },
        schema: {
          summary: 'Delete a run',
          tags: ['runs'],
          params: Type.Object({ runId: Uuid }),
          response: { 204: Type.Null(), ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const run = visibleRun(request.auth, await findRun(deps.db, request.params.runId));
        await deleteRun(deps.db, run);
        return reply.status(204).send(null);
      },
    );
  };
}
