import { Body, Controller, Get, NotFoundException, Param, Post, UseGuards } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CorporateAuthGuard } from './corporate-auth.guard';
import { PurchaseOrder } from './purchase-order.entity';

/** The host's own routes, behind its own guard. */
@Controller('orders')
@UseGuards(CorporateAuthGuard)
export class OrdersController {
  constructor(@InjectRepository(PurchaseOrder) private readonly orders: Repository<PurchaseOrder>) {}

  @Post()
  create(@Body() body: { number: string }): Promise<PurchaseOrder> {
    return this.orders.save(this.orders.create({ number: String(body.number) }));
  }

  @Get(':number')
  async get(@Param('number') number: string): Promise<PurchaseOrder> {
    const order = await this.orders.findOneBy({ number });
    if (!order) throw new NotFoundException();
    return order;
  }
}
