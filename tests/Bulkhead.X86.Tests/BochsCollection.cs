using Xunit;

namespace Bulkhead.X86.Tests;

/// <summary>Emulator tests run one at a time: Bochs is slow, and the machine has two cores.</summary>
[CollectionDefinition("bochs", DisableParallelization = true)]
public class BochsCollection { }
