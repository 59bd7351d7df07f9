import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  commonErrorResponses,
  ErrorBody,
  Plan,
  PlanCreate,
  PlanFeed,
  PlanFitnessSeries,
  PlanHome,
  PlanList,
  PlanMonth,
  Month,
  scopes,
  UserId,
  Uuid,
} from '@runnerly/contracts';
import { assertUser, ownsOrService, type AuthContext } from '@runnerly/service-kit';
import { addDays } from '@runnerly/fitness';
import { formSeries } from '../domain/current-fitness.ts';
import type { TrainingDeps } from '../deps.ts';
import { trainingErrors } from '../errors.ts';
import { abandonPlan, checkPlan, createPlan, feedPath, planHome, planView, regeneratePlan } from '../planning.ts';
import { planMonth } from '../plan-month.ts';
import { findPlan, setFeed, userPlans } from '../store.ts';
import { newFeedSecret } from '../feed-secret.ts';

const PlanParams = Type.Object({ planId: Uuid });

export function planRoutes(deps: TrainingDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const owned = async (auth: AuthContext | null, planId: string) => {
      const row = await findPlan(deps.db, planId);
      if (!row || !ownsOrService(auth, row.user_id)) throw trainingErrors.planNotFound();
      return row;
    };

    app.post(
      '/users/:userId/plans',
      {
        config: { scopes: [scopes.plansWrite] },
        schema: {
          summary: 'Create a plan toward one of your races',
          tags: ['plans'],
          description:
            "Builds a plan from the runner's current fitness (weekly volume and longest run of the last weeks, VDOT from the best efforts of the last 12 weeks, or an estimate) toward a race they marked, with its goal. Dates in the past, unknown zones, goals slower than walking or faster than the world record: 400 `invalid_plan_request` saying what to change; nothing is stored.",
          params: Type.Object({ userId: UserId }),
          body: PlanCreate,
          response: { 201: Plan, ...commonErrorResponses, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        const row = await createPlan(deps, request.params.userId, request.body);
        return reply.status(201).send(await planView(deps, row));
      },
    );

    app.get(
      '/users/:userId/plans',
      {
        config: { scopes: [scopes.plansRead] },
        schema: {
          summary: "A runner's plans, newest first",
          tags: ['plans'],
          params: Type.Object({ userId: UserId }),
          response: { 200: PlanList, ...commonErrorResponses },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const rows = await userPlans(deps.db, request.params.userId);
        return {
          plans: rows.map((r) => ({
            id: r.id,
            race_id: r.race_id,
            race_name: r.race_name,
            race_date: r.race_date,
            status: r.status,
            created_at: r.created_at,
          })),
        };
      },
    );

    app.get(
      '/users/:userId/plans/home',
      {
        config: { scopes: [scopes.plansRead] },
        schema: {
          summary: 'What Home shows: this week planned against done, the next session, the prediction',
          tags: ['plans'],
          params: Type.Object({ userId: UserId }),
          response: { 200: PlanHome, ...commonErrorResponses },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return planHome(deps, request.params.userId);
      },
    );

    app.get(
      '/users/:userId/plans/months/:month',
      {
        config: { scopes: [scopes.plansRead] },
        schema: {
          summary: 'One calendar month against the plan: sessions done, partly done and missed; the next race',
          tags: ['plans'],
          description:
            "What the monthly report says of a runner's plan: the active plan with the most sessions in that month (in the plan's zone) and how they went, and the soonest race still ahead after the month with the latest prediction. `plan` is null when no active plan had a session that month, `next_race` when no plan's race is ahead.",
          params: Type.Object({ userId: UserId, month: Month }),
          response: { 200: PlanMonth, ...commonErrorResponses },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return planMonth(deps, request.params.userId, request.params.month);
      },
    );

    app.get(
      '/plans/:planId',
      {
        config: { scopes: [scopes.plansRead] },
        schema: {
          summary: 'A plan: weeks and sessions with their status, re-balance messages, predictions',
          tags: ['plans'],
          params: PlanParams,
          response: { 200: Plan, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => planView(deps, await owned(request.auth, request.params.planId)),
    );

    app.get(
      '/plans/:planId/fitness',
      {
        config: { scopes: [scopes.plansRead] },
        schema: {
          summary: 'Fitness, fatigue and form per day, from six weeks before the plan to today',
          tags: ['plans'],
          params: PlanParams,
          response: { 200: PlanFitnessSeries, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        const checked = await checkPlan(deps, await owned(request.auth, request.params.planId));
        const fitness = JSON.parse(checked.row.fitness) as { vdot: number; vdotEstimated: boolean; age: number | null };
        const from = addDays(checked.plan.weeks[0]!.startDate, -42);
        const to = checked.today < from ? from : checked.today;
        const days = formSeries(
          checked.runs,
          checked.plan.request.timeZone,
          from,
          to,
          { age: fitness.age, sex: null, max_hr: null, rest_hr: null },
          fitness.vdot,
          fitness.vdotEstimated,
        ).map((d) => ({
          date: d.date,
          load: round1(d.load),
          fitness: round1(d.fitness),
          fatigue: round1(d.fatigue),
          form: round1(d.form),
        }));
        return {
          days,
          method:
            'Banister TRIMP per run: from heart rate when recorded (max and rest estimated), otherwise from pace against your threshold pace; fitness 42 days, fatigue 7 days, form their difference.',
        };
      },
    );

    app.post(
      '/plans/:planId/abandon',
      {
        config: { scopes: [scopes.plansWrite] },
        schema: {
          summary: 'Abandon a plan',
          tags: ['plans'],
          params: PlanParams,
          response: { 200: Plan, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => planView(deps, await abandonPlan(deps, await owned(request.auth, request.params.planId))),
    );

    app.post(
      '/plans/:planId/regenerate',
      {
        config: { scopes: [scopes.plansWrite] },
        schema: {
          summary: "Build the plan again from today's fitness",
          tags: ['plans'],
          params: PlanParams,
          response: { 200: Plan, ...commonErrorResponses, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => planView(deps, await regeneratePlan(deps, await owned(request.auth, request.params.planId))),
    );

    app.post(
      '/plans/:planId/feed',
      {
        config: { scopes: [scopes.plansWrite] },
        schema: {
          summary: 'Make a new secret iCal feed URL for the plan (the old one stops working)',
          tags: ['plans'],
          params: PlanParams,
          response: { 200: PlanFeed, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        const row = await owned(request.auth, request.params.planId);
        const { secret, hash } = newFeedSecret();
        await setFeed(deps.db, row.id, deps.box.seal(secret), hash);
        return { feed_url: feedPath(secret) };
      },
    );

    app.delete(
      '/plans/:planId/feed',
      {
        config: { scopes: [scopes.plansWrite] },
        schema: {
          summary: "Revoke the plan's iCal feed URL",
          tags: ['plans'],
          params: PlanParams,
          response: { 200: PlanFeed, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        const row = await owned(request.auth, request.params.planId);
        await setFeed(deps.db, row.id, null, null);
        return { feed_url: null };
      },
    );
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
