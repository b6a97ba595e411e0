import { MigrationInterface, QueryRunner } from 'typeorm';

/** The host's own migration; it runs beside the signing module's (one migrations table). */
export class CreatePurchaseOrders1780000000000 implements MigrationInterface {
  name = 'CreatePurchaseOrders1780000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE public.purchase_orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number text NOT NULL UNIQUE,
      contract_status text NOT NULL DEFAULT 'DRAFT',
      signing_process_id uuid,
      signed_at timestamptz,
      signing_events text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE public.purchase_orders');
  }
}
