import { Image } from '@tarojs/components';
import Taro from '@tarojs/taro';

export interface ShownPhoto {
  id: string;
  /** Drawn on the page. */
  thumbUrl: string;
  /** Opened full size on a tap. */
  url: string;
}

/**
 * A record's photos as images at their own proportions (a comment's, a plan drawing, a centre's
 * rooms), each opening full size on a tap, with the others to swipe through. PhotoStrip draws
 * square tiles as backgrounds; this draws <img>s, for photos whose shape matters.
 *
 * Taro's `ariaLabel` lands on the image's wrapper, not on the <img> inside, which screen readers
 * (and axe's image-alt) read: the alt goes on the <img> itself too.
 */
export function PhotoImages({
  photos,
  label,
  mode = 'widthFix',
  className,
  testId,
}: {
  photos: readonly ShownPhoto[];
  /** The name of the nth photo (from 1), for screen readers. */
  label: (n: number) => string;
  mode?: 'widthFix' | 'aspectFill';
  className?: string;
  testId?: string;
}) {
  return (
    <>
      {photos.map((photo, i) => (
        <Image
          key={photo.id}
          className={className}
          data-testid={testId}
          src={photo.thumbUrl}
          mode={mode}
          ariaLabel={label(i + 1)}
          nativeProps={{ alt: label(i + 1) }}
          onClick={() => void Taro.previewImage({ urls: photos.map((p) => p.url), current: photo.url })}
        />
      ))}
    </>
  );
}
