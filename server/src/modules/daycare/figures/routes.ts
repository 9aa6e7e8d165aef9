/**
 * The centre's console figures (occupancy ahead, conversion, CSV) and the committee's demand,
 * counts only: a committee member never sees a child's record.
 */
import { ConversionView, DemandQuery, DemandView, OccupancyView, PeriodQuery } from '@linli/shared';
import type { Clock } from '../../../platform/clock';
import { NotFound } from '../../../platform/errors';
import { localeOf } from '../../../platform/i18n';
import { route, type Route } from '../../../platform/routes';
import type { CentreService } from '../centres/service';
import { monthOf, shanghaiDate } from '../dates';
import type { EnquiryService } from '../enquiries/service';
import { isCommitteeOf, isOperatorOf } from '../policy';
import { CentreParams, CommunityParams } from '../params';
import { conversion, demand, enquiriesCsv, occupancySeries } from './figures';

const CSV = { 200: { description: 'UTF-8 CSV (with BOM) for spreadsheets', schema: null } } as const;

export function figureRoutes({
  centres,
  enquiries,
  clock,
}: {
  centres: CentreService;
  enquiries: EnquiryService;
  clock: Clock;
}): Route[] {
  const operated = async (actor: Parameters<typeof isOperatorOf>[0], providerId: string) => {
    if (!isOperatorOf(actor, providerId)) throw NotFound('daycareCentre');
    return centres.centre(providerId);
  };
  return [
    route({
      method: 'get',
      path: '/daycare/centres/:providerId/occupancy',
      summary: 'Each class now and month by month for 6 months (ageing out included), as series for a chart',
      auth: ['operator'],
      input: { params: CentreParams },
      responses: { 200: OccupancyView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const centre = await operated(ctx.state.actor, ctx.input.params.providerId);
        const month = monthOf(shanghaiDate(clock.now()));
        return {
          classes: (await centres.classes(centre.id)).map((cls) => ({
            classId: String(cls._id),
            name: cls.name,
            band: cls.band,
            capacity: cls.capacity,
            series: occupancySeries(cls, month),
          })),
        };
      },
    }),
    route({
      method: 'get',
      path: '/daycare/centres/:providerId/conversion',
      summary: 'Enquiries made in a period and how many went on to a visit, an offer and a place',
      auth: ['operator'],
      input: { params: CentreParams, query: PeriodQuery },
      responses: { 200: ConversionView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const centre = await operated(ctx.state.actor, ctx.input.params.providerId);
        return conversion(centre.id, ctx.input.query.from, ctx.input.query.to);
      },
    }),
    route({
      method: 'get',
      path: '/daycare/centres/:providerId/enquiries/csv',
      summary: "The centre's enquiries as a spreadsheet",
      auth: ['operator'],
      input: { params: CentreParams },
      responses: CSV,
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const centre = await operated(ctx.state.actor, ctx.input.params.providerId);
        const classes = await centres.classes(centre.id);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.attachment(`enquiries-${shanghaiDate(clock.now())}.csv`);
        ctx.body = enquiriesCsv(
          await enquiries.ofProvider(centre.id),
          new Map(classes.map((c) => [String(c._id), c.name])),
        );
      },
    }),
    route({
      method: 'get',
      path: '/daycare/communities/:communityId/demand',
      summary:
        "The community's demand for places: children enquiring and waitlisted, by age band, month by month",
      auth: ['committee'],
      input: { params: CommunityParams, query: DemandQuery },
      responses: { 200: DemandView },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const { communityId } = ctx.input.params;
        if (!isCommitteeOf(ctx.state.actor, communityId)) throw NotFound('community');
        const ids = (await centres.centresIn([communityId])).map((p) => p.id);
        return { communityId, ...(await demand(ids, clock.now(), ctx.input.query.months, localeOf(ctx))) };
      },
    }),
  ];
}
