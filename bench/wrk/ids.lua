-- GET <PREFIX><random id from IDS_FILE>
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local prefix = os.getenv("PREFIX")
request = function()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end
