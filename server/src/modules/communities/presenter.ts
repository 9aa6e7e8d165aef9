/** Records as the API shows them; area always as a two-decimal string. */
import { formatCentiArea, type HouseholdView } from '@linli/shared';
import type { Household } from './service';

export function presentHousehold(household: Household): HouseholdView {
  return {
    id: household.id,
    communityId: household.communityId,
    buildingId: household.buildingId,
    buildingName: household.buildingName,
    unit: household.unit,
    area: formatCentiArea(household.areaCentiSquareMetres),
  };
}

/** '1号楼 2-301': how a household is named to people. */
export function householdLabel(household: Pick<Household, 'buildingName' | 'unit'>): string {
  return `${household.buildingName} ${household.unit}`;
}
