/**
 * Senior meals (长者助餐): canteen settings, menus per day and meal, the community's subsidy
 * policy, bookings with their frozen price breakdown, the canteen's day and the monthly
 * settlement. Money is integer fen everywhere; dates are community-calendar dates 'YYYY-MM-DD'.
 */
import { z } from 'zod';
import { ObjectIdSchema } from './common';
import { RESIDENT_TAGS } from './identity';
import { PersonSchema } from './identity-api';
import type { LocalizedText } from './i18n';

export const MEALS = ['lunch', 'dinner'] as const;
export type Meal = (typeof MEALS)[number];
export const MEAL_NAMES: Readonly<Record<Meal, LocalizedText>> = {
  lunch: { 'zh-CN': '午餐', en: 'lunch' },
  dinner: { 'zh-CN': '晚餐', en: 'dinner' },
};

export const MEAL_MODES = ['dine-in', 'pickup', 'delivery'] as const;
export type MealMode = (typeof MEAL_MODES)[number];

export const DISH_TAGS = ['soft', 'low-salt', 'low-sugar'] as const;
export type DishTag = (typeof DISH_TAGS)[number];

/**
 * A menu is a `draft` (only its canteen sees it; deleted rather than withdrawn), then `published`
 * (residents see and book it), and may be `withdrawn` with a reason: it leaves residents' menus and
 * every booking on it is cancelled with that reason.
 */
export const MENU_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type MenuStatus = (typeof MENU_STATUSES)[number];

/** The parts of a menu its canteen may change after creating it. */
export const MENU_EDITABLE_FIELDS = ['dishes', 'basePriceFen', 'seatCapacity', 'deliveryCapacity'] as const;
export type MenuEditableField = (typeof MENU_EDITABLE_FIELDS)[number];

/** How a booking came about: someone booked it, or an elder's standing order did on publication. */
export const BOOKING_SOURCES = ['direct', 'standingOrder'] as const;
export type BookingSource = (typeof BOOKING_SOURCES)[number];

/**
 * A booking is `booked` until the canteen serves it or marks a no-show, or someone cancels it.
 * The allowed moves, written once; services refuse anything else.
 */
export const BOOKING_STATUSES = ['booked', 'served', 'noShow', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_TRANSITIONS: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  booked: ['served', 'noShow', 'cancelled'],
  served: [],
  noShow: [],
  cancelled: [],
};
/**
 * What a delivery round records at the door. `delivered`: handed over (served). `nobodyAnswered`:
 * nobody opened (a no-show, not settled, and a wellness alert; see meals-wellness.ts).
 */
export const DELIVERY_OUTCOMES = ['delivered', 'nobodyAnswered'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
export const BOOKING_ACTIONS = ['cancel', 'serve', 'markNoShow'] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

export const MealDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date_iso')
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      params: { text: { 'zh-CN': '日期不存在', en: 'is not a real calendar date' } },
    },
  )
  .meta({ description: 'Calendar date in Asia/Shanghai, YYYY-MM-DD', example: '2031-03-04' });

export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'regex')
  .meta({ description: 'Calendar month, YYYY-MM', example: '2031-03' });

export const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'regex')
  .meta({ description: 'Time of day in Asia/Shanghai, HH:MM (24 h)', example: '09:30' });

const Fen = z.number().int().min(0).max(10_000_000);

/** When a meal is served (dine-in and pickup): from before to, the same day. */
export const ServingSpanSchema = z
  .strictObject({ from: TimeOfDaySchema, to: TimeOfDaySchema })
  .refine((span) => span.from < span.to, {
    path: ['to'],
    message: 'must be later than from',
    params: { text: { 'zh-CN': '结束时间须晚于开始时间', en: 'must be later than the start' } },
  });
export const ServingHoursSchema = z
  .strictObject({ lunch: ServingSpanSchema, dinner: ServingSpanSchema })
  .meta({ id: 'ServingHours', description: 'When each meal is served, HH:MM in Asia/Shanghai' });
export type ServingHours = z.infer<typeof ServingHoursSchema>;

// ---- canteen settings ----

export const CanteenSettingsBody = z
  .strictObject({
    opensDaysAhead: z
      .number()
      .int()
      .min(0)
      .max(30)
      .meta({ description: 'Booking opens at 00:00 this many days before the meal date' }),
    cutoffs: z
      .strictObject({ lunch: TimeOfDaySchema, dinner: TimeOfDaySchema })
      .meta({ description: 'Booking closes at this time on the meal date' }),
    deliveryBuildingIds: z
      .array(ObjectIdSchema)
      .max(500)
      .meta({ description: 'Buildings (of served communities) the canteen delivers to' }),
    address: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Where residents eat and pick up; unchanged when left out' }),
    servingHours: ServingHoursSchema.optional().meta({ description: 'Unchanged when left out' }),
  })
  .meta({ id: 'CanteenSettingsBody' });
export type CanteenSettingsBody = z.infer<typeof CanteenSettingsBody>;

export const CanteenSettingsView = CanteenSettingsBody.extend({
  providerId: ObjectIdSchema,
  name: z.string(),
  communityIds: z.array(ObjectIdSchema),
  address: z.string().meta({ description: 'Empty until the operator gives one' }),
  servingHours: ServingHoursSchema,
}).meta({ id: 'CanteenSettings' });

/** What a resident needs to know of a canteen whose menus they see: where and when. */
export const CanteenInfoView = z
  .object({
    providerId: ObjectIdSchema,
    name: z.string(),
    address: z.string(),
    servingHours: ServingHoursSchema,
  })
  .meta({ id: 'CanteenInfo' });
export type CanteenInfoView = z.infer<typeof CanteenInfoView>;
export type CanteenSettingsView = z.infer<typeof CanteenSettingsView>;

// ---- menus ----

export const DishSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(40),
    tags: z.array(z.enum(DISH_TAGS)).max(DISH_TAGS.length).default([]),
    allergens: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  })
  .meta({ id: 'Dish' });
export type Dish = z.infer<typeof DishSchema>;

export const CreateMenuBody = z
  .strictObject({
    providerId: ObjectIdSchema.meta({ description: 'The canteen' }),
    date: MealDateSchema,
    meal: z.enum(MEALS),
    dishes: z.array(DishSchema).min(1).max(20),
    basePriceFen: Fen.meta({ description: 'Price before subsidy, in fen', example: 1500 }),
    seatCapacity: z.number().int().min(0).max(5000).meta({ description: 'Dine-in and pickup places' }),
    deliveryCapacity: z.number().int().min(0).max(5000),
    publish: z.boolean().default(false).meta({ description: 'Publish at once instead of saving a draft' }),
  })
  .meta({ id: 'CreateMenuBody' });
export type CreateMenuBody = z.infer<typeof CreateMenuBody>;

export const MenuView = z
  .object({
    id: ObjectIdSchema,
    providerId: ObjectIdSchema,
    canteenName: z.string(),
    date: z.string(),
    meal: z.enum(MEALS),
    dishes: z.array(DishSchema),
    basePriceFen: z.number().int(),
    seatCapacity: z.number().int(),
    deliveryCapacity: z.number().int(),
    remaining: z.object({ seats: z.number().int(), deliveries: z.number().int() }),
    status: z.enum(MENU_STATUSES),
    withdrawReason: z.string().optional().meta({ description: 'Why the canteen withdrew it' }),
    opensAt: z.string().meta({ description: 'When booking opens (ISO instant)' }),
    cutoffAt: z.string().meta({ description: 'When booking closes (ISO instant)' }),
  })
  .meta({ id: 'Menu' });
export type MenuView = z.infer<typeof MenuView>;

/** The price of one booking, computed once at booking and kept unchanged afterwards. */
export const PriceBreakdownSchema = z
  .object({
    baseFen: z.number().int(),
    lines: z.array(z.object({ kind: z.enum(['age', 'tag']), label: z.string(), fen: z.number().int() })),
    subsidyFen: z.number().int(),
    payableFen: z.number().int(),
  })
  .meta({ id: 'PriceBreakdown' });
export type PriceBreakdown = z.infer<typeof PriceBreakdownSchema>;

/**
 * What one diner would pay for a menu today, from the server's pricing (the client never
 * recomputes it): the base, each subsidy named, the payable. The booking fixes its own price when
 * it is made; this is the same computation with what the elder's month already holds.
 */
export const PriceQuoteView = z
  .object({
    elderId: ObjectIdSchema,
    elderName: z.string(),
    price: PriceBreakdownSchema,
  })
  .meta({ id: 'PriceQuote' });
export type PriceQuoteView = z.infer<typeof PriceQuoteView>;

/** A menu as a resident sees it, with the price for the diner asked about. */
export const ResidentMenuView = MenuView.extend({
  quote: PriceQuoteView.nullable().meta({
    description:
      'The price for the diner (`for`, default myself); null when they cannot book it: under the ' +
      'eligibility age, no date of birth, or not a resident of a community the canteen serves',
  }),
}).meta({ id: 'ResidentMenu' });
export type ResidentMenuView = z.infer<typeof ResidentMenuView>;

/** Residents' menus, with where and when each canteen in them serves. */
export const ResidentMenusView = z
  .object({ items: z.array(ResidentMenuView), canteens: z.array(CanteenInfoView) })
  .meta({ id: 'ResidentMenus' });
export type ResidentMenusView = z.infer<typeof ResidentMenusView>;

export const UpdateMenuBody = z
  .strictObject({
    dishes: z.array(DishSchema).min(1).max(20).optional(),
    basePriceFen: Fen.optional().meta({
      description:
        'New price before subsidy, in fen, for bookings made from now on; existing bookings keep theirs',
      example: 1600,
    }),
    seatCapacity: z
      .number()
      .int()
      .min(0)
      .max(5000)
      .optional()
      .meta({ description: 'Never below the dine-in and pickup places already booked' }),
    deliveryCapacity: z
      .number()
      .int()
      .min(0)
      .max(5000)
      .optional()
      .meta({ description: 'Never below the deliveries already booked' }),
  })
  .refine((body) => MENU_EDITABLE_FIELDS.some((field) => body[field] !== undefined), {
    params: {
      text: {
        'zh-CN': '请至少修改一项：菜品、价格、座位数或送餐数',
        en: 'change at least one of dishes, basePriceFen, seatCapacity, deliveryCapacity',
      },
    },
  })
  .meta({ id: 'UpdateMenuBody' });
export type UpdateMenuBody = z.infer<typeof UpdateMenuBody>;

export const MenuEditView = z
  .object({
    menu: MenuView,
    changed: z.array(z.enum(MENU_EDITABLE_FIELDS)).meta({ description: 'What this edit actually changed' }),
    bookingsTold: z
      .number()
      .int()
      .meta({
        description:
          'Active bookings whose elders (and whoever booked, and their carers) were told live; ' +
          'only dish and price changes are announced, capacity changes do not touch a booked place',
      }),
  })
  .meta({ id: 'MenuEdit' });
export type MenuEditView = z.infer<typeof MenuEditView>;

export const WithdrawMenuBody = z
  .strictObject({
    reason: z.string().trim().min(1).max(200).meta({
      description: 'Told to every elder whose booking this cancels',
      example: '燃气检修，停餐一天',
    }),
  })
  .meta({ id: 'WithdrawMenuBody' });
export type WithdrawMenuBody = z.infer<typeof WithdrawMenuBody>;

export const MenuWithdrawalView = z
  .object({
    menu: MenuView,
    bookingsCancelled: z
      .number()
      .int()
      .meta({ description: 'Bookings this call cancelled (a repeated call finishes an interrupted one)' }),
  })
  .meta({ id: 'MenuWithdrawal' });
export type MenuWithdrawalView = z.infer<typeof MenuWithdrawalView>;

export const MenuRangeQuery = z.strictObject({
  from: MealDateSchema.optional().meta({ description: 'First date; default today' }),
  to: MealDateSchema.optional().meta({ description: 'Last date; default today + 6' }),
});

/** The residents' menu list: a date range and whose price to quote. */
export const ResidentMenusQuery = MenuRangeQuery.extend({
  for: ObjectIdSchema.optional().meta({
    description:
      'Quote the price for this elder (myself, or an elder who confirmed me as carer); default myself',
  }),
});

// ---- subsidy policy ----

export const AgeTierSchema = z
  .strictObject({
    minAge: z.number().int().min(0).max(150),
    maxAge: z
      .number()
      .int()
      .min(0)
      .max(150)
      .optional()
      .meta({ description: 'Inclusive; open-ended when absent' }),
    subsidyFen: Fen,
  })
  .refine((t) => t.maxAge === undefined || t.maxAge >= t.minAge, {
    params: { text: { 'zh-CN': '最大年龄不能小于最小年龄', en: 'maxAge must not be below minAge' } },
  });
export type AgeTier = z.infer<typeof AgeTierSchema>;

export const SubsidyPolicyBody = z
  .strictObject({
    eligibilityAge: z.number().int().min(0).max(150).default(60),
    ageTiers: z.array(AgeTierSchema).max(10),
    tagExtras: z.partialRecord(z.enum(RESIDENT_TAGS), Fen).default({}),
    monthlyCapFen: Fen.meta({ description: 'Most subsidy one elder receives in a calendar month' }),
  })
  .superRefine((policy, ctx) => {
    const sorted = [...policy.ageTiers].sort((a, b) => a.minAge - b.minAge);
    for (let i = 1; i < sorted.length; i += 1) {
      const prev = sorted[i - 1];
      if (prev.maxAge === undefined || prev.maxAge >= sorted[i].minAge) {
        ctx.addIssue({
          code: 'custom',
          path: ['ageTiers'],
          params: { text: { 'zh-CN': '年龄段不能重叠', en: 'age tiers must not overlap' } },
        });
        return;
      }
    }
  })
  .meta({ id: 'SubsidyPolicyBody' });
export type SubsidyPolicyBody = z.infer<typeof SubsidyPolicyBody>;

export const SubsidyPolicyView = z
  .object({
    communityId: ObjectIdSchema,
    eligibilityAge: z.number().int(),
    ageTiers: z.array(
      z.object({
        minAge: z.number().int(),
        maxAge: z.number().int().optional(),
        subsidyFen: z.number().int(),
      }),
    ),
    tagExtras: z.partialRecord(z.enum(RESIDENT_TAGS), z.number().int()),
    monthlyCapFen: z.number().int(),
    updatedAt: z.string().optional(),
  })
  .meta({ id: 'SubsidyPolicy' });
export type SubsidyPolicyView = z.infer<typeof SubsidyPolicyView>;

// ---- bookings ----

export const CreateBookingBody = z
  .strictObject({
    menuId: ObjectIdSchema,
    elderUserId: ObjectIdSchema.optional().meta({
      description: 'Book for an elder I care for; myself when absent',
    }),
    mode: z.enum(MEAL_MODES),
    dietaryNote: z.string().trim().max(200).default(''),
  })
  .meta({ id: 'CreateBookingBody' });
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

export const CancelBookingBody = z.strictObject({
  reason: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Required when the canteen cancels after the cutoff' }),
});

export const BookingView = z
  .object({
    id: ObjectIdSchema,
    menuId: ObjectIdSchema,
    providerId: ObjectIdSchema,
    date: z.string(),
    meal: z.enum(MEALS),
    elder: PersonSchema,
    bookedBy: ObjectIdSchema,
    mode: z.enum(MEAL_MODES),
    dietaryNote: z.string(),
    status: z.enum(BOOKING_STATUSES),
    source: z.enum(BOOKING_SOURCES).meta({ description: "'standingOrder' when a standing order booked it" }),
    pickupCode: z.string().optional().meta({ description: 'Shown to the elder and their carers only' }),
    qrPayload: z.string().optional(),
    price: PriceBreakdownSchema,
    cancelReason: z.string().optional(),
    deliveryOutcome: z
      .enum(DELIVERY_OUTCOMES)
      .optional()
      .meta({ description: 'What the delivery round recorded at the door' }),
    actions: z.array(z.enum(BOOKING_ACTIONS)),
  })
  .meta({ id: 'Booking' });
export type BookingView = z.infer<typeof BookingView>;

export const ServeBody = z.strictObject({
  pickupCode: z
    .string()
    .regex(/^\d{6}$/, 'regex')
    .meta({ description: 'The 6-digit code the elder shows' }),
});

export const RosterQuery = z.strictObject({ date: MealDateSchema, meal: z.enum(MEALS) });

export const RosterEntrySchema = z.object({
  bookingId: ObjectIdSchema,
  elder: PersonSchema,
  mode: z.enum(MEAL_MODES),
  status: z.enum(BOOKING_STATUSES),
  dietaryNote: z.string(),
  buildingName: z.string().optional(),
  unit: z.string().optional(),
  deliveryOutcome: z
    .enum(DELIVERY_OUTCOMES)
    .optional()
    .meta({ description: 'What the delivery round recorded at the door' }),
});

export const RosterView = z
  .object({
    menuId: ObjectIdSchema.optional(),
    date: z.string(),
    meal: z.enum(MEALS),
    counts: z.object({
      total: z.number().int(),
      byMode: z.record(z.string(), z.number().int()),
      byStatus: z.record(z.string(), z.number().int()),
      byDish: z.record(z.string(), z.number().int()),
    }),
    entries: z.array(RosterEntrySchema),
    deliveries: z.array(z.object({ buildingName: z.string(), entries: z.array(RosterEntrySchema) })),
  })
  .meta({ id: 'Roster' });
export type RosterView = z.infer<typeof RosterView>;

export const SettlementQuery = z.strictObject({ month: MonthSchema });

export const SettlementView = z
  .object({
    providerId: ObjectIdSchema,
    month: z.string(),
    elders: z.array(
      z.object({
        name: z.string().meta({ description: 'Masked, e.g. 王*英' }),
        tier: z.string(),
        tags: z.array(z.enum(RESIDENT_TAGS)),
        mealsServed: z.number().int(),
        baseFen: z.number().int(),
        subsidyByLine: z.record(z.string(), z.number().int()),
        subsidyFen: z.number().int(),
        payableFen: z.number().int(),
      }),
    ),
    tiers: z
      .array(
        z.object({
          tier: z.string().meta({ description: 'Age tier label frozen on the bookings, e.g. 70–79岁' }),
          mealsServed: z.number().int(),
          baseFen: z.number().int(),
          subsidyByLine: z.record(z.string(), z.number().int()),
          subsidyFen: z.number().int(),
          payableFen: z.number().int(),
        }),
      )
      .meta({
        description:
          'Subtotals per age tier of each booking on its meal date (an elder who turns 70 mid-month counts in both); they add up to the totals',
      }),
    totals: z.object({
      mealsServed: z.number().int(),
      baseFen: z.number().int(),
      subsidyFen: z.number().int(),
      payableFen: z.number().int(),
    }),
  })
  .meta({ id: 'Settlement' });
export type SettlementView = z.infer<typeof SettlementView>;

// ---- standing orders ----

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const STANDING_ORDER_STATUSES = ['active', 'paused'] as const;
export type StandingOrderStatus = (typeof STANDING_ORDER_STATUSES)[number];
export const STANDING_ORDER_ACTIONS = ['pause', 'resume', 'delete'] as const;
export type StandingOrderAction = (typeof STANDING_ORDER_ACTIONS)[number];

export const CreateStandingOrderBody = z
  .strictObject({
    elderUserId: ObjectIdSchema.optional().meta({
      description: 'For an elder I am a confirmed carer of; myself when absent',
    }),
    providerId: ObjectIdSchema.meta({ description: 'The canteen whose menus it books' }),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, {
        params: { text: { 'zh-CN': '星期不能重复', en: 'list each weekday once' } },
      })
      .meta({ description: 'ISO weekdays, 1 = Monday … 7 = Sunday', example: [1, 3, 5] }),
    meal: z.enum(MEALS),
    mode: z.enum(MEAL_MODES),
    dietaryNote: z.string().trim().max(200).default(''),
  })
  .meta({ id: 'CreateStandingOrderBody' });
export type CreateStandingOrderBody = z.infer<typeof CreateStandingOrderBody>;

export const StandingOrderView = z
  .object({
    id: ObjectIdSchema,
    elder: PersonSchema,
    createdBy: ObjectIdSchema,
    providerId: ObjectIdSchema,
    canteenName: z.string(),
    weekdays: z.array(z.number().int()),
    meal: z.enum(MEALS),
    mode: z.enum(MEAL_MODES),
    dietaryNote: z.string(),
    status: z.enum(STANDING_ORDER_STATUSES),
    createdAt: z.string(),
    actions: z.array(z.enum(STANDING_ORDER_ACTIONS)),
  })
  .meta({ id: 'StandingOrder' });
export type StandingOrderView = z.infer<typeof StandingOrderView>;
