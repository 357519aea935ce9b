module top_module (
    input clk,
    input reset,
    input en,
    output [3:0] q
);
    // Initialize the counter
    reg [3:0] count = 0;

    // Rising edge of clk
    always @(posedge clk)
    begin
        // Reset logic
        if (reset == 1'b1)
        begin
            count <= 0;
        end
        else
        begin
            // Enable logic
            if (en == 1'b1)
            begin
                if (count == 11)
                begin
                    count <= 0;
                end
                else
                begin
                    count <= count + 1'b1;
                end
            end
            else
            begin
                // No enable logic
                count <= count;
            end
        end
    end

    // Assign the current count to q
    assign q = count;
endmodule
