/**
 * The registry of legal reviewers (法制审核人员): who may review, on which qualification, and the
 * SM2 key that signs their opinions. A first-time reviewer must hold the legal professional
 * qualification (法律职业资格, Administrative Penalty Law art. 58), so a reviewer without its
 * number, or whose certificate has expired, is refused at the moment they take a review. Nobody
 * reviews a case they investigated: an officer on one of its steps, or whoever filed it.
 *
 * The signing key is made when the reviewer is registered and kept by the station (a software
 * key; a hardware key per reviewer is the next step, see docs/legal-review.md).
 */
import { createSignerKey } from '@liuhen/evidence';
import type { ReviewerView } from '@liuhen/contract';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import type { LegalReviewersTable } from '../db/schema.js';
import { Forbidden, Invalid, NotFound } from '../errors.js';
import { accountOf, allReviewers, findReviewer, officersOnCase, saveReviewer } from './legal-review-repo.js';
import { findCase } from '../cases/cases-repo.js';

export interface ReviewerInput {
  name: string;
  qualificationNo?: string | null;
  certificateNo?: string | null;
  certificateExpires?: string | null;
  active?: boolean;
}

/** The account name in an audit actor (`name@address`, http/actor.ts): addresses never hold '@'. */
export function usernameOf(actor: string): string {
  const at = actor.lastIndexOf('@');
  return at > 0 ? actor.slice(0, at) : actor;
}

export const reviewerView = (r: LegalReviewersTable): ReviewerView => ({
  username: r.username,
  name: r.name,
  qualificationNo: r.qualification_no,
  certificateNo: r.certificate_no,
  certificateExpires: r.certificate_expires,
  active: r.active === 1,
  publicKeyPem: r.public_key_pem,
});

export function createReviewers({ db, audit }: { db: Db; audit: AuditLog }) {
  return {
    async list(): Promise<ReviewerView[]> {
      return (await allReviewers(db)).map(reviewerView);
    },

    async register(username: string, input: ReviewerInput, actor: string): Promise<ReviewerView> {
      const account = await accountOf(db, username);
      if (!account) throw new NotFound(`no account ${username}: create the user first (role legal-reviewer)`);
      if (account.role !== 'legal-reviewer' && account.role !== 'admin')
        throw new Invalid(
          `${username} has role ${account.role}: only a legal-reviewer account can be registered as a reviewer`,
        );
      if (input.certificateExpires && !/^\d{4}-\d{2}-\d{2}$/.test(input.certificateExpires))
        throw new Invalid('certificateExpires is a day, YYYY-MM-DD');
      const existing = await findReviewer(db, username);
      const key = existing ? null : createSignerKey();
      const row: LegalReviewersTable = {
        username,
        name: input.name,
        qualification_no: input.qualificationNo ?? null,
        certificate_no: input.certificateNo ?? null,
        certificate_expires: input.certificateExpires ?? null,
        active: input.active === false ? 0 : 1,
        public_key_pem: existing?.public_key_pem ?? key!.publicKeyPem,
        private_key_pem: existing?.private_key_pem ?? key!.privateKeyPem,
        created_at: existing?.created_at ?? new Date().toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await saveReviewer(trx, row);
        await audit.append(
          {
            actor,
            action: existing ? 'update' : 'create',
            subjectType: 'legal-reviewer',
            subjectId: username,
            detail: { ...input, keyFingerprint: key?.fingerprint },
          },
          trx,
        );
      });
      return reviewerView(row);
    },

    /**
     * The registered, qualified reviewer `username` may review case `caseId` on `day` (YYYY-MM-DD),
     * or a Forbidden naming the rule; returns the registry row (with the signing key).
     */
    async mayReview(username: string, caseId: string, day: string): Promise<LegalReviewersTable> {
      const r = await findReviewer(db, username);
      if (!r || r.active !== 1)
        throw new Forbidden(`${username} is not in the registry of legal reviewers: an admin registers reviewers`, {
          code: 'reviewer-not-registered',
        });
      if (!r.qualification_no)
        throw new Forbidden(
          `${r.name} has no legal professional qualification (法律职业资格) on record: a reviewer must hold one (Administrative Penalty Law art. 58)`,
          { code: 'reviewer-unqualified' },
        );
      if (r.certificate_expires && r.certificate_expires < day)
        throw new Forbidden(`${r.name}'s certificate expired on ${r.certificate_expires}: renew it in the registry`, {
          code: 'reviewer-certificate-expired',
        });
      const c = await findCase(db, caseId);
      const account = await accountOf(db, username);
      const onCase = account?.officer_id
        ? (await officersOnCase(db, caseId)).some((o) => o.id === account.officer_id)
        : false;
      if (onCase || (c && usernameOf(c.created_by) === username))
        throw new Forbidden(
          `${r.name} took part in the investigation of case ${c?.number ?? caseId} and may not review it (回避): another reviewer must take it`,
          { code: 'reviewer-conflict' },
        );
      return r;
    },
  };
}
export type Reviewers = ReturnType<typeof createReviewers>;
