/**
 * Repair categories: created and edited by whoever manages repairs in the community (see
 * policy.ts), read by its residents and staff, and the reference a report's extra fields are
 * checked against.
 */
import type { CategoryBody, CategoryField } from '@linli/shared';
import { Types } from 'mongoose';
import { isDuplicateKey } from '../../../platform/database-errors';
import {
  BadRequest,
  Conflict,
  NotFound,
  ValidationFailed,
  type FieldProblem,
} from '../../../platform/errors';
import type { CommunitiesService } from '../../communities';
import { RepairCategoryModel, type CategoryDoc } from './model';

export const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export function createCategoryService(deps: { communities: Pick<CommunitiesService, 'findProvider'> }) {
  async function checkTeam(communityId: string, providerId: string) {
    const team = await deps.communities.findProvider(providerId);
    if (!team || team.kind !== 'property' || !team.communityIds.includes(communityId)) {
      throw BadRequest({
        'zh-CN': '所选维修班组不是为本社区服务的物业',
        en: 'the team must be a property provider serving this community',
      });
    }
  }

  const duplicateCode = (code: string) =>
    Conflict({
      'zh-CN': `本社区已有编码为 ${code} 的报修类别`,
      en: `this community already has a category coded ${code}`,
    });

  return {
    async create(communityId: string, body: CategoryBody): Promise<CategoryDoc> {
      await checkTeam(communityId, body.providerId);
      try {
        const doc = await RepairCategoryModel.create({ ...body, communityId });
        return doc.toObject();
      } catch (err) {
        if (isDuplicateKey(err)) throw duplicateCode(body.code);
        throw err;
      }
    },

    async update(category: CategoryDoc, body: CategoryBody): Promise<CategoryDoc> {
      await checkTeam(String(category.communityId), body.providerId);
      try {
        const doc = await RepairCategoryModel.findOneAndUpdate(
          { _id: category._id },
          { $set: body },
          { returnDocument: 'after' },
        ).lean<CategoryDoc>();
        if (!doc) throw NotFound('repairCategory');
        return doc;
      } catch (err) {
        if (isDuplicateKey(err)) throw duplicateCode(body.code);
        throw err;
      }
    },

    async find(categoryId: string): Promise<CategoryDoc | undefined> {
      if (!isId(categoryId)) return undefined;
      return (await RepairCategoryModel.findById(categoryId).lean<CategoryDoc>()) ?? undefined;
    },

    async byCode(communityId: string, code: string): Promise<CategoryDoc | undefined> {
      return (await RepairCategoryModel.findOne({ communityId, code }).lean<CategoryDoc>()) ?? undefined;
    },

    async ofCommunity(communityId: string, { activeOnly }: { activeOnly: boolean }): Promise<CategoryDoc[]> {
      return RepairCategoryModel.find({ communityId, ...(activeOnly ? { active: true } : {}) })
        .sort({ group: 1, name: 1 })
        .lean<CategoryDoc[]>();
    },

    async byIds(ids: readonly string[]): Promise<Map<string, CategoryDoc>> {
      const docs = await RepairCategoryModel.find({
        _id: { $in: ids.filter(isId).map((id) => new Types.ObjectId(id)) },
      }).lean<CategoryDoc[]>();
      return new Map(docs.map((d) => [String(d._id), d]));
    },
  };
}
export type CategoryService = ReturnType<typeof createCategoryService>;

type Answer = string | number | string[];

/**
 * Checks a report's answers against the category's own fields: every required one present, each
 * of its type, choices among the options, no unknown keys. Answers 400 naming each bad field.
 */
export function checkAnswers(
  fields: readonly CategoryField[],
  answers: Record<string, Answer>,
): Record<string, Answer> {
  const problems: FieldProblem[] = [];
  const bad = (key: string, reason: FieldProblem['reason'], params?: FieldProblem['params']) =>
    problems.push({ location: 'body', path: `fields.${key}`, reason, ...(params ? { params } : {}) });
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) bad(key, 'unrecognized_keys', { keys: key });
  const out: Record<string, Answer> = {};
  for (const field of fields) {
    const value = answers[field.key];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (field.required) bad(field.key, 'required');
      continue;
    }
    switch (field.type) {
      case 'string':
        if (typeof value !== 'string' || value.length > 200)
          bad(field.key, 'invalid_type', { expected: 'string' });
        else out[field.key] = value.trim();
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value))
          bad(field.key, 'invalid_type', { expected: 'number' });
        else out[field.key] = value;
        break;
      case 'singleChoice':
        if (typeof value !== 'string' || !field.options.includes(value))
          bad(field.key, 'invalid_value', { options: field.options.join(' / ') });
        else out[field.key] = value;
        break;
      case 'multipleChoice':
        if (!Array.isArray(value) || value.some((v) => !field.options.includes(v)))
          bad(field.key, 'invalid_value', { options: field.options.join(' / ') });
        else out[field.key] = [...new Set(value)];
        break;
    }
  }
  if (problems.length > 0) throw ValidationFailed(problems);
  return out;
}
