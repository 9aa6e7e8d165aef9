/**
 * What an uploaded file must be, and what is kept of it. The format is read from the bytes by sharp
 * (libvips), never from the file name or the declared type. Every accepted image is decoded and
 * encoded again: turned upright by its EXIF orientation, converted to sRGB, shrunk to a sensible
 * size, written as JPEG with no metadata at all (no EXIF, no GPS position, no XMP, no camera serial),
 * plus a thumbnail for lists.
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { ErrorCode, UPLOAD_CONTENT_TYPE, type LocalizedText } from '@linli/shared';
import { AppError } from '../errors';

/** Long side of the stored image: sharp on a phone screen, a fraction of a camera's original. */
export const FULL_LONG_SIDE = 2560;
/** Long side of the thumbnail lists show. */
export const THUMB_LONG_SIDE = 320;
/** Beyond this many pixels an 8 MB file is a decompression bomb, not a photo (50 MP). */
export const MAX_INPUT_PIXELS = 50_000_000;

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
const JPEG_QUALITY = 82;
const THUMB_QUALITY = 75;

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  contentType: typeof UPLOAD_CONTENT_TYPE;
}

export interface ProcessedImage {
  full: EncodedImage;
  thumb: EncodedImage;
}

export const UnsupportedImage = (reason: LocalizedText) =>
  new AppError(ErrorCode.UPLOAD_UNSUPPORTED_TYPE, `unsupported upload: ${reason.en}`, {
    params: { reason },
  });

export const DamagedImage = (cause?: unknown) =>
  new AppError(ErrorCode.UPLOAD_DAMAGED, 'upload cannot be decoded', { cause });

export const UploadTooLarge = (limit: string | LocalizedText, details: Record<string, unknown>) =>
  new AppError(ErrorCode.UPLOAD_TOO_LARGE, `upload exceeds ${typeof limit === 'string' ? limit : limit.en}`, {
    params: { limit },
    details,
  });

/** Checks the bytes are an image we take, and re-encodes it; throws the AppError to answer otherwise. */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    // libvips recognises no image format in the bytes at all, or one whose header is broken.
    if (/unsupported image format/i.test((err as Error).message)) {
      throw UnsupportedImage({ 'zh-CN': '它不是图片', en: 'it is not an image' });
    }
    throw DamagedImage(err);
  }
  const { format } = meta;
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (format === 'heif') {
    // The prebuilt libvips has no HEVC decoder (patents), so iPhone HEIC photos cannot be read here.
    throw UnsupportedImage({
      'zh-CN': '暂不支持 HEIC/HEIF 格式（苹果手机可在“设置 → 相机 → 格式”中选“兼容性最佳”）',
      en: 'HEIC/HEIF images are not supported (on an iPhone, choose Settings → Camera → Formats → Most Compatible)',
    });
  }
  if (!format || !ACCEPTED.has(format)) {
    throw UnsupportedImage({
      'zh-CN': `不支持 ${(format ?? '未知').toUpperCase()} 格式`,
      en: `${(format ?? 'unknown').toUpperCase()} images are not supported`,
    });
  }
  if (pixels > MAX_INPUT_PIXELS) {
    throw UploadTooLarge(
      { 'zh-CN': '5000 万像素', en: '50 megapixels' },
      { maxPixels: MAX_INPUT_PIXELS, pixels },
    );
  }

  try {
    // One decode, upright; transparency (PNG, WebP) goes onto white, since JPEG has none.
    const upright = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
    const [full, thumb] = await Promise.all([
      encode(upright.clone(), FULL_LONG_SIDE, JPEG_QUALITY),
      encode(upright.clone(), THUMB_LONG_SIDE, THUMB_QUALITY),
    ]);
    return { full, thumb };
  } catch (err) {
    throw DamagedImage(err);
  }
}

async function encode(image: Sharp, longSide: number, quality: number): Promise<EncodedImage> {
  // Without withMetadata()/keepExif() sharp writes no EXIF, XMP, IPTC or ICC: that is the point.
  const { data, info } = await image
    .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality, progressive: true })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, contentType: UPLOAD_CONTENT_TYPE };
}
