import { useState } from 'react';
import Taro from '@tarojs/taro';
import { photosLeft } from '../components/photo-strip';
import { messageOf } from '../services';
import { uploadPhoto } from '../services/uploads';

export interface PickedPhoto {
  /** The local file just picked, shown in the strip until the record is saved. */
  local: string;
  /** The upload's id, sent in the record's body. */
  id: string;
}

/**
 * Photos a form gathers before it is sent, for any service: `pick` opens the camera or album for
 * as many as are still allowed and uploads each one as it comes (a failed upload says why in a
 * toast and keeps the ones already sent), `remove` drops one, `clear` all. Pair with `<PhotoStrip>` for the
 * tiles and an `<Action busy={uploading}>` for the button.
 */
export function usePhotoUploads(max: number) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const left = photosLeft(photos.length, max);

  const pick = async () => {
    if (left === 0) return;
    let picked: string[];
    try {
      picked = (await Taro.chooseImage({ count: left, sizeType: ['compressed'] })).tempFilePaths;
    } catch {
      return; // the person closed the picker
    }
    setUploading(true);
    try {
      for (const local of picked.slice(0, left)) {
        const id = await uploadPhoto(local);
        setPhotos((now) => [...now, { local, id }]);
      }
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    } finally {
      setUploading(false);
    }
  };

  const remove = (index: number) => setPhotos((now) => now.filter((_, j) => j !== index));
  /** Empties the strip once the record is saved, for a form that stays open (a comment composer). */
  const clear = () => setPhotos([]);

  return { photos, ids: photos.map((p) => p.id), uploading, left, pick, remove, clear };
}
