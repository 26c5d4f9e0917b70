-- wrk script: cycles through the request paths listed in $GLEXIA_BENCH_PATHS (one per line),
-- e.g. every technique page of a release, so the page cache is measured over many pages.
local paths = {}
local file = os.getenv("GLEXIA_BENCH_PATHS")
if file then
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
end
if #paths == 0 then paths[1] = "/techniques/T1591.002?release=18.1&domain=enterprise-attack" end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
