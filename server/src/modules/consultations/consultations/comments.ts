/**
 * The discussion: residents comment and make proposals while the consultation is in discussion,
 * the committee replies (also while voting runs). A deleted account leaves its words without a name.
 */
import { Types } from 'mongoose';
import type { Actor } from '../../../platform/context';
import { AppError, BadRequest, isAppError } from '../../../platform/errors';
import { ErrorCode } from '@linli/shared';
import { findPage } from '../../../platform/paging';
import type { DomainEventBus } from '../../domain-events';
import '../events';
import type { UploadsPort } from '../ports';
import { ConsultationCommentModel, type CommentDoc, type ConsultationDoc } from './model';

/** The platform's refusal names the uploads; the composer needs to know which field they came in. */
function namingTheField(err: unknown): unknown {
  if (!isAppError(err) || err.code !== ErrorCode.UPLOADS_NOT_ATTACHABLE) return err;
  return new AppError(err.code, err.message, {
    params: err.params,
    details: { ...err.details, field: 'attachmentIds' },
    cause: err,
  });
}

export function createComments(deps: { events: DomainEventBus; uploads: UploadsPort }) {
  const service = {
    async add(
      actor: Actor,
      c: ConsultationDoc,
      input: {
        kind: 'comment' | 'proposal' | 'reply';
        body: string;
        replyTo?: string;
        attachmentIds?: string[];
      },
      committee: boolean,
    ): Promise<CommentDoc> {
      if (input.replyTo) {
        const exists = await ConsultationCommentModel.exists({ _id: input.replyTo, consultationId: c._id });
        if (!exists)
          throw BadRequest(
            { 'zh-CN': '要回复的留言不存在', en: 'the comment being replied to does not exist' },
            { field: 'replyTo' },
          );
      }
      const id = new Types.ObjectId();
      const attachments = input.attachmentIds?.length
        ? await deps.uploads
            .attach(actor, input.attachmentIds, { kind: 'consultationComment', recordId: String(id) })
            .catch((err: unknown) => {
              throw namingTheField(err);
            })
        : [];
      const doc = await ConsultationCommentModel.create({
        _id: id,
        consultationId: c._id,
        communityId: c.communityId,
        authorId: actor.userId,
        committee,
        kind: input.kind,
        body: input.body,
        ...(input.replyTo ? { replyTo: input.replyTo } : {}),
        attachments,
      });
      void deps.events.emit('consultation.commented', {
        consultationId: String(c._id),
        communityId: String(c.communityId),
        commentId: String(id),
      });
      return doc.toObject();
    },

    async list(consultationId: Types.ObjectId, page: { page: number; pageSize: number }) {
      return findPage<CommentDoc>(
        ConsultationCommentModel,
        { consultationId },
        { createdAt: 1, _id: 1 },
        page,
      );
    },

    async find(commentId: string): Promise<CommentDoc | null> {
      return Types.ObjectId.isValid(commentId)
        ? ConsultationCommentModel.findById(commentId).lean<CommentDoc>()
        : null;
    },

    async exportFor(userId: string) {
      const docs = await ConsultationCommentModel.find({ authorId: userId })
        .sort({ createdAt: 1 })
        .lean<CommentDoc[]>();
      return docs.map((d) => ({
        consultationId: String(d.consultationId),
        kind: d.kind,
        body: d.body,
        createdAt: d.createdAt,
      }));
    },

    /** The words stay in the record of the discussion; who wrote them does not. */
    async anonymiseFor(userId: string) {
      await ConsultationCommentModel.updateMany({ authorId: userId }, { $set: { authorId: null } });
    },
  };
  return service;
}

export type Comments = ReturnType<typeof createComments>;
