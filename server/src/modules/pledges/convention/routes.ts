/**
 * The resident convention over HTTP: residents read the current version and sign it; the
 * committee publishes versions, lists who signed which, and sees the signature map per building.
 */
import {
  ConventionVersionView,
  ConventionView,
  PublishConventionBody,
  SignatureMapView,
  SignatureView,
} from '@linli/shared';
import { z } from 'zod';
import type { Actor } from '../../../platform/context';
import { NotFound } from '../../../platform/errors';
import { route, type Route } from '../../../platform/routes';
import type { CommunitiesService } from '../../communities';
import { CommunityParams, VersionParams } from '../params';
import { authorize, isCommitteeOf, isResidentOf } from '../policy';
import type { ConventionVersionDoc } from './model';
import type { ConventionService } from './service';

export function conventionRoutes(deps: {
  convention: ConventionService;
  communities: Pick<CommunitiesService, 'getHouseholds'>;
}): Route[] {
  const { convention, communities } = deps;

  const showVersion = async (v: ConventionVersionDoc) => ({
    id: String(v._id),
    communityId: String(v.communityId),
    version: v.version,
    text: v.text,
    effectiveDate: v.effectiveDate,
    publishedAt: v.publishedAt.toISOString(),
    signatures: await convention.signatureCount(v._id),
  });

  async function overview(actor: Actor, communityId: string) {
    const [current, signed] = await Promise.all([
      convention.current(communityId),
      convention.signedVersions(actor.userId, communityId),
    ]);
    const signedCurrent = current ? signed.includes(current.version) : false;
    return {
      communityId,
      ...(current ? { current: await showVersion(current) } : {}),
      signedVersions: signed,
      signedCurrent,
      actions:
        current && !signedCurrent && isResidentOf(actor, communityId) ? (['sign'] as const).slice() : [],
    };
  }

  async function committeeVersion(actor: Actor, versionId: string) {
    const version = await convention.findVersion(versionId);
    if (!version || !isCommitteeOf(actor, String(version.communityId))) throw NotFound('conventionVersion');
    return version;
  }

  return [
    route({
      method: 'get',
      path: '/convention/communities/:communityId',
      summary: 'The current convention, which versions I signed, and whether I may sign now',
      auth: 'signedIn',
      input: { params: CommunityParams },
      responses: { 200: ConventionView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const { communityId } = ctx.input.params;
        if (!isResidentOf(actor, communityId) && !isCommitteeOf(actor, communityId))
          throw NotFound('community');
        return overview(actor, communityId);
      },
    }),
    route({
      method: 'get',
      path: '/convention/communities/:communityId/versions',
      summary: 'Every published version, newest first, with how many signed each (the committee)',
      auth: ['committee'],
      input: { params: CommunityParams },
      responses: { 200: z.object({ items: z.array(ConventionVersionView) }) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        if (!isCommitteeOf(ctx.state.actor, communityId)) throw NotFound('community');
        return { items: await Promise.all((await convention.versions(communityId)).map(showVersion)) };
      },
    }),
    route({
      method: 'post',
      path: '/convention/communities/:communityId/versions',
      summary: 'Publish a new version; residents who signed an earlier one are invited to sign again',
      auth: ['committee'],
      input: { params: CommunityParams, body: PublishConventionBody },
      responses: { 201: ConventionVersionView },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        if (!isCommitteeOf(ctx.state.actor, communityId)) throw NotFound('community');
        return showVersion(await convention.publish(ctx.state.actor, communityId, ctx.input.body));
      },
    }),
    route({
      method: 'post',
      path: '/convention/versions/:versionId/sign',
      summary: 'Sign this version (once; signing again answers with the same state)',
      auth: 'signedIn',
      input: { params: VersionParams },
      responses: { 200: ConventionView },
      errors: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
      handler: async (ctx) => {
        const { actor } = ctx.state;
        const version = await convention.findVersion(ctx.input.params.versionId);
        const communityId = version ? String(version.communityId) : '';
        if (!version || (!isResidentOf(actor, communityId) && !isCommitteeOf(actor, communityId)))
          throw NotFound('conventionVersion');
        authorize(isResidentOf(actor, communityId), 'sign: only residents of the community');
        await convention.sign(actor, version);
        return overview(actor, communityId);
      },
    }),
    route({
      method: 'get',
      path: '/convention/versions/:versionId/signatures',
      summary: 'Who signed this version, with their door (the committee)',
      auth: ['committee'],
      input: { params: VersionParams },
      responses: { 200: z.object({ items: z.array(SignatureView) }) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const version = await committeeVersion(ctx.state.actor, ctx.input.params.versionId);
        const list = await convention.signatures(version._id);
        const doors = new Map(
          (await communities.getHouseholds([...new Set(list.map((s) => String(s.householdId)))])).map((h) => [
            h.id,
            `${h.buildingName} ${h.unit}`,
          ]),
        );
        return {
          items: list.map((s) => ({
            userId: String(s.userId),
            name: s.name,
            household: doors.get(String(s.householdId)) ?? '',
            version: s.version,
            signedAt: s.signedAt.toISOString(),
          })),
        };
      },
    }),
    route({
      method: 'get',
      path: '/convention/versions/:versionId/map',
      summary: 'Signature map: households signed / total per building, and each door (the committee)',
      auth: ['committee'],
      input: { params: VersionParams },
      responses: { 200: SignatureMapView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) =>
        convention.map(await committeeVersion(ctx.state.actor, ctx.input.params.versionId)),
    }),
  ];
}
