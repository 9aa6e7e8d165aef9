/** What the meals module announces about menus and standing orders, after the write. */
import type { ErrorCode, LocalizedText, Meal, MenuEditableField } from '@linli/shared';

declare module '../domain-events' {
  interface DomainEvents {
    /** A menu became bookable: standing orders are honoured on it. */
    'meal.menuPublished': { menuId: string; providerId: string; date: string; meal: Meal };
    /** The canteen changed a published menu; `changed` lists only what differs. */
    'meal.menuEdited': {
      menuId: string;
      providerId: string;
      date: string;
      meal: Meal;
      changed: MenuEditableField[];
    };
    /** A standing order could not book a menu; that day is skipped. */
    'meal.standingOrderSkipped': {
      standingOrderId: string;
      elderId: string;
      createdBy: string;
      menuId: string;
      date: string;
      meal: Meal;
      code: ErrorCode;
      reason: LocalizedText;
    };
    /** Every standing order matching a newly published menu has been tried. */
    'meal.standingOrdersHonoured': {
      menuId: string;
      booked: number;
      alreadyBooked: number;
      skipped: number;
      inactive: number;
    };
  }
}

export {};
