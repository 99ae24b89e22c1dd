using Microsoft.AspNetCore.Mvc;
using VulnerableShop.Data;

namespace VulnerableShop.Controllers;

[ApiController]
[Route("api/products")]
public sealed class ProductSearchController(ProductRepository products) : ControllerBase
{
    [HttpGet("search")]
    public async Task<IActionResult> Search(string term) => Ok(await products.SearchAsync(term));

    [HttpGet("sorted")]
    public IActionResult Sorted(string column) => Ok(products.NamesSortedBy(column));

    [HttpGet("report")]
    public IActionResult Report(string query) => Ok(products.RunReport(query)); // expect: SB1001 (no fix)
}
