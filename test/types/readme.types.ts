/**
 * The README's example of a generated client in use, compiled against the
 * generated vmm package so that the README cannot drift from the output.
 * (Only the import paths differ from the README.)
 */
import { ApiClient, ApiError, waitForTask } from '../.tmp/packages/vmm/src/index.js';
import { VmApi, models } from '../.tmp/packages/vmm/src/v4.0/index.js';
import { Disk, Vm, VmDisk, type VmBootConfig } from '../.tmp/packages/vmm/src/v4.0/models/ahv/config/index.js';

declare const process: { env: Record<string, string | undefined> };
void models;

export async function example(): Promise<void> {
  const client = new ApiClient({ host: 'prism-central.example.com', username: 'admin', password: process.env.NTNX_PASSWORD });
  const vms = new VmApi(client);

  // Every item of every page.
  for await (const vm of vms.listVmsAll({ $filter: "startswith(name, 'web')", $limit: 100 })) {
    console.log(vm.name, vm.powerState); // vm is a Vm: every field typed
  }

  // Read, change, write back: the ETag of the GET becomes If-Match, the request id stays the same on retries.
  const { data: vm } = await vms.getVmById({ extId: '3f2b6c1e-9a4d-4e7f-8b1c-2d3e4f5a6b7c' });
  vm.description = 'managed by the SDK';
  const { data: task } = await vms.updateVmById({ extId: vm.extId!, body: vm });
  await waitForTask(client, task);

  // Unions narrow by $objectType; an object no branch claims is an UnknownObject.
  function describeBoot(boot: VmBootConfig): string {
    switch (boot.$objectType) {
      case 'vmm.v4.ahv.config.UefiBoot':
        return boot.isSecureBootEnabled ? 'UEFI, secure boot' : 'UEFI';
      case 'vmm.v4.ahv.config.LegacyBoot':
        return boot.bootOrder?.length ? `legacy, boot order ${boot.bootOrder.join(', ')}` : 'legacy';
      default:
        // An UnknownObject: a boot type newer than this SDK, or JSON without $objectType that fits both.
        return `unknown (${boot.objectType ?? 'no $objectType'})`;
    }
  }
  void describeBoot;

  // Build a request body with classes; only what you set is sent.
  const spec = new Vm({ name: 'db-01', numSockets: 2, disks: [new Disk({ backingInfo: new VmDisk({ diskSizeBytes: 20 * 2 ** 30 }) })] });
  try {
    await vms.createVm({ body: spec });
  } catch (e) {
    if (e instanceof ApiError) console.error(e.status, e.messages.map((m) => `${m.code}: ${m.message}`));
  }
}
