import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { t } from '../i18n';
import { roleOf } from './a11y';

export interface Photo {
  /** Shown in the strip (a thumbnail, or the local file just picked). */
  thumb: string;
  /** Opened full size on a tap; default the thumb. */
  full?: string;
}

/** How many more photos may be added (never below none). */
export function photosLeft(count: number, max: number): number {
  return Math.max(0, max - count);
}

/**
 * Photos of a record in a row of square tiles (a report's, a technician's before and after). Each
 * is an image named for screen readers and a target: a tap opens it full size, or `onRemove`
 * offers a removal instead (while the photos are still being picked). Drawn as backgrounds, so the
 * same in the mini-program and h5.
 */
export function PhotoStrip({
  photos,
  label,
  onRemove,
  testId,
}: {
  photos: Photo[];
  /** The name of one photo, given its number from 1 ('报修照片 1'). */
  label: (n: number) => string;
  onRemove?: (index: number) => void;
  testId?: string;
}) {
  if (photos.length === 0) return null;
  const urls = photos.map((p) => p.full ?? p.thumb);
  return (
    <View className="photo-strip" data-testid={testId}>
      {photos.map((photo, i) => (
        <View
          key={`${photo.thumb}-${i}`}
          className="photo-tile"
          {...roleOf('button')}
          ariaLabel={onRemove ? t('photoRemove', { name: label(i + 1) }) : label(i + 1)}
          style={{ backgroundImage: `url("${photo.thumb}")` }}
          onClick={() =>
            onRemove ? onRemove(i) : void Taro.previewImage({ urls, current: urls[i] }).catch(() => undefined)
          }
        >
          {onRemove && <Text className="photo-remove">×</Text>}
        </View>
      ))}
    </View>
  );
}
