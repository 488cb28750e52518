export { DemoGenerator, type DemoGeneratorOptions, type DemoOutage, type DemoPost, type DemoTruth } from './demo.generator';
export { DemoConnector, MemoryCursorStore, type DemoConnectorOptions, type DemoCursorStore, type DemoTickResult } from './demo.connector';
export type { DemoPerson } from './demo.authors';
export type { Lang as DemoLang } from './demo.phrases';
export { DEMO_FIBER, DEMO_OFFERS, demoCustomers, type DemoCustomerRecord } from './demo.crm';
export { DEMO_CHECKPOINTS, DEMO_WRITE_CHECKPOINTS, demoIdPrefix, demoSeeds, isDemoKey } from './demo.data';
