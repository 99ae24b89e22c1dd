namespace SecureBackend.CodeFixes;

/// <summary>Names the code-fix assembly for tools and tests that discover its providers by reflection.</summary>
public static class CodeFixAssemblyMarker
{
}
