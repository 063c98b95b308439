/* Forward declarations, so headers need not include each other. */
#ifndef QEMU_TYPEDEFS_H
#define QEMU_TYPEDEFS_H

typedef struct AccelState AccelState;
typedef struct AddressSpace AddressSpace;
typedef struct BusClass BusClass;
typedef struct BusState BusState;
typedef struct CharBackend CharBackend;
typedef struct Chardev Chardev;
typedef struct CPUState CPUState;
/* The one target's CPU state (target/i386/cpu.h). */
typedef struct CPUX86State CPUArchState;
typedef struct CPUX86State CPUX86State;
typedef struct DeviceClass DeviceClass;
typedef struct DeviceState DeviceState;
typedef struct Error Error;
typedef struct FlatView FlatView;
typedef struct FWCfgState FWCfgState;
typedef struct IRQState *qemu_irq;
typedef struct ISABus ISABus;
typedef struct ISADevice ISADevice;
typedef struct MachineClass MachineClass;
typedef struct MachineState MachineState;
typedef struct MemoryListener MemoryListener;
typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionSection MemoryRegionSection;
typedef struct Monitor Monitor;
typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct PCIBus PCIBus;
typedef struct PCIDevice PCIDevice;
typedef struct QEMUBH QEMUBH;
typedef struct QEMUTimer QEMUTimer;
typedef struct RAMBlock RAMBlock;
typedef struct SysBusDevice SysBusDevice;

#endif
