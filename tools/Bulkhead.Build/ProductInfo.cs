namespace Bulkhead.Build;

/// <summary>The product version, printed in the hypervisor banner and by the tool.</summary>
public static class ProductInfo
{
    public const string Version = "0.1.0";
}
