import { Text, View } from '@tarojs/components';
import { roleOf } from './a11y';

/** One door of a building and whether it has done the thing counted (signed, voted). */
export interface GridDoor {
  id: string;
  unit: string;
  done: boolean;
}

/** Doors done / all doors: the figures a grid's heading shows. */
export function doorTally(doors: readonly GridDoor[]): { done: number; total: number } {
  return { done: doors.filter((d) => d.done).length, total: doors.length };
}

/**
 * A building's doors as a grid of cells, for reading at a glance which households have done
 * something. A done door is marked by a tick and a filled cell, an open one by a dashed outline,
 * so the difference survives without colour. Cells are not interactive: each is an image to
 * screen readers, named by `labelOf` ("3-201 已签署").
 */
export function DoorGrid({
  doors,
  labelOf,
  testId,
}: {
  doors: readonly GridDoor[];
  labelOf: (door: GridDoor) => string;
  testId?: string;
}) {
  return (
    <View className="door-grid" data-testid={testId}>
      {doors.map((door) => (
        <View
          key={door.id}
          className={`door ${door.done ? 'door-done' : 'door-open'}`}
          data-testid="door"
          data-unit={door.unit}
          data-done={door.done ? 'yes' : 'no'}
          {...roleOf('img')}
          ariaLabel={labelOf(door)}
        >
          <Text className="door-mark">{door.done ? '✓' : '·'}</Text>
          <Text className="door-unit">{door.unit}</Text>
        </View>
      ))}
    </View>
  );
}
