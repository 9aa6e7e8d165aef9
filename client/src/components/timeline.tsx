import { Text, View } from '@tarojs/components';
import { toneOf } from './status-tones';

export interface TimelineEntry {
  /** The state this step reached (its colour, from STATE_TONES). */
  state: string;
  title: string;
  /** When, already formatted for the person (Asia/Shanghai). */
  time: string;
  detail?: string;
}

/** A record's history (a ticket, an enquiry), oldest first, as a list a screen reader walks. */
export function Timeline({ entries, label }: { entries: TimelineEntry[]; label: string }) {
  return (
    <View className="timeline" role="list" ariaLabel={label}>
      {entries.map((entry, i) => (
        <View className="timeline-entry" key={i} role="listitem">
          <View className="timeline-rail">
            <View className={`timeline-dot tone-${toneOf(entry.state)}`} />
            {i < entries.length - 1 && <View className="timeline-line" />}
          </View>
          <View className="timeline-body">
            <Text className="timeline-title">{entry.title}</Text>
            <Text className="timeline-time">{entry.time}</Text>
            {entry.detail && <Text className="timeline-detail">{entry.detail}</Text>}
          </View>
        </View>
      ))}
    </View>
  );
}
