-- wrk script: POST /write overwriting 200 keys of a users table.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "/write", nil, '{"tableName":"users","key":"user' .. (counter % 200 + 1) .. '","value":{"name":"User","age":33,"email":"u@example.com","bio":"Lorem ipsum dolor sit amet, consectetur adipiscing elit"}}')
end
