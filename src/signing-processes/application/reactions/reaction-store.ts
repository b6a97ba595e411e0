import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { JobQueue } from '../../../jobs/job-queue';
import type { AutomaticReaction } from '../../domain/automatic-reactions.policy';
import { ProcessReactionEntity, ReactionState } from '../../infrastructure/entities/process-reaction.entity';

/** The queue of the reactions' jobs (its name kept from when the webhooks module owned it). */
export const RUN_REACTION_QUEUE = 'arqsign-webhook.run-reaction';

export interface RunReactionJob {
  reactionId: string;
}

/** Retries of a reaction job, only while ArqSIGN was certainly not reached (down, rate limited). */
export const REACTION_RETRY = { retryLimit: 8, retryDelay: 10, retryBackoff: true } as const;

/**
 * `signing.process_reaction` on PostgreSQL: the automatic reactions the policy planned, each
 * stored with its job in one transaction (a crash can leave neither without the other).
 */
@Injectable()
export class ReactionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Stores planned reactions with their jobs inside `manager`'s transaction. `deliveryId` is the
   * webhook delivery that reported the fact, or null when a sync learnt it.
   */
  async add(manager: EntityManager, deliveryId: string | null, reactions: { kind: AutomaticReaction; processId: string; signerId: string | null }[]): Promise<string[]> {
    const created: string[] = [];
    for (const reaction of reactions) {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO signing.process_reaction (id, delivery_id, process_id, kind, signer_id, state)
         VALUES ($1, $2, $3, $4, $5, 'PENDING') ON CONFLICT DO NOTHING RETURNING id`,
        [randomUUID(), deliveryId, reaction.processId, reaction.kind, reaction.signerId],
      );
      for (const row of rows) {
        await this.jobs.enqueue<RunReactionJob>(RUN_REACTION_QUEUE, { reactionId: row.id }, { manager, ...REACTION_RETRY });
        created.push(row.id);
      }
    }
    return created;
  }

  /** Reactions of a process of one kind that count (everything but SKIPPED). */
  async of(processId: string, kind: AutomaticReaction, transaction?: EntityManager): Promise<ProcessReactionEntity[]> {
    return (transaction ?? this.dataSource.manager)
      .createQueryBuilder(ProcessReactionEntity, 'r')
      .where('r.processId = :processId AND r.kind = :kind AND r.state <> :skipped', { processId, kind, skipped: ReactionState.SKIPPED })
      .getMany();
  }

  find(id: string): Promise<ProcessReactionEntity | null> {
    return this.dataSource.manager.findOneBy(ProcessReactionEntity, { id });
  }

  async update(
    id: string,
    change: { state: ReactionState; error?: string | null; result?: Record<string, unknown> | null; attempt?: boolean },
    transaction?: EntityManager,
  ): Promise<void> {
    await (transaction ?? this.dataSource.manager).query(
      `UPDATE signing.process_reaction SET state = $2, error = $3, result = COALESCE($4, result),
         attempts = attempts + CASE WHEN $5 THEN 1 ELSE 0 END, updated_at = now() WHERE id = $1`,
      [id, change.state, change.error?.slice(0, 2000) ?? null, change.result ? JSON.stringify(change.result) : null, change.attempt ?? false],
    );
  }

  /** PENDING or STARTED reactions untouched for more than `seconds` (the recovery sweep's candidates). */
  async openBefore(seconds: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM signing.process_reaction
        WHERE state IN ('PENDING', 'STARTED') AND updated_at < now() - make_interval(secs => $1::double precision)
        ORDER BY updated_at LIMIT $2`,
      [seconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** A new job for a reaction (the recovery sweep; the runner decides what is left to do). */
  async requeue(id: string): Promise<void> {
    await this.jobs.enqueue<RunReactionJob>(RUN_REACTION_QUEUE, { reactionId: id }, REACTION_RETRY);
  }
}
