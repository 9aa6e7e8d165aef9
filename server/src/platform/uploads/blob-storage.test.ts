/**
 * FileBlobStorage: a put is all or nothing, keys cannot leave the folder, deletes can be repeated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../testing';
import { FileBlobStorage } from './blob-storage';

let root: string;
let storage: FileBlobStorage;
beforeEach(() => {
  root = tempDir('linli-blobs-');
  storage = new FileBlobStorage(path.join(root, 'uploads'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const everything = () => fs.readdirSync(root, { recursive: true }).map(String).sort();
const jpeg = (text: string) => ({ data: Buffer.from(text), contentType: 'image/jpeg' });

it('stores, reads back and deletes a blob, twice over', async () => {
  await storage.put('ab/one.jpg', jpeg('first'));
  await storage.put('ab/one.jpg', jpeg('second'));
  expect(await storage.get('ab/one.jpg')).toEqual(jpeg('second'));
  expect(everything()).toEqual(['uploads', 'uploads/ab', 'uploads/ab/one.jpg']);
  await storage.delete('ab/one.jpg');
  await storage.delete('ab/one.jpg');
  expect(await storage.get('ab/one.jpg')).toBeUndefined();
});

it('leaves no partial or temporary file when the write cannot be completed', async () => {
  // A folder where the file should go: the rename fails after the temporary file was written.
  fs.mkdirSync(path.join(root, 'uploads', 'ab', 'two.jpg'), { recursive: true });
  await expect(storage.put('ab/two.jpg', jpeg('bytes'))).rejects.toThrow();
  expect(everything()).toEqual(['uploads', 'uploads/ab', 'uploads/ab/two.jpg']);
  expect(fs.readdirSync(path.join(root, 'uploads', 'ab', 'two.jpg'))).toEqual([]);
});

it('refuses keys that would leave its folder or are not plain names', async () => {
  for (const key of [
    '../escape.jpg',
    '/abs.jpg',
    'a//b.jpg',
    'ab/../../x.jpg',
    '',
    'a b.jpg',
    '.hidden.jpg',
  ]) {
    await expect(storage.put(key, jpeg('x'))).rejects.toThrow(/not a blob key/);
    await expect(storage.get(key)).rejects.toThrow(/not a blob key/);
  }
  expect(everything()).toEqual([]);
});

it('refuses a blob whose type its key does not name', async () => {
  await expect(
    storage.put('ab/three.jpg', { data: Buffer.from('x'), contentType: 'image/png' }),
  ).rejects.toThrow();
  expect(everything()).toEqual([]);
});
