using Xunit;

namespace Bulkhead.Tests;

/// <summary>Emulator tests run one at a time: the machine has two cores, and each QEMU wants one.</summary>
[CollectionDefinition("emulator", DisableParallelization = true)]
public class EmulatorCollection { }
